import { describe, expect, it } from 'vitest'
import { MessageCatalog, type MessageSource, type ThemeInfo } from '@stratum/layer-core/server'
import { AUTH_SERVER_MESSAGES } from './otp-mail-messages.ts'
import { renderOtpMail } from './render-otp-mail.ts'

const theme: ThemeInfo = { name: 'base', title: 'Stratum', logoFile: undefined }

async function render(locale: string, sources: readonly MessageSource[] = [], title = 'Stratum') {
  const catalog = new MessageCatalog(sources)
  catalog.register('auth', AUTH_SERVER_MESSAGES)
  return renderOtpMail({
    to: 'ana@example.test',
    code: '012345',
    locale,
    t: await catalog.translator(locale),
    theme: { ...theme, title },
    expiresInMinutes: 10,
  })
}

describe('the sign-in mail', () => {
  it.each([
    [
      'en-US',
      'Your Stratum sign-in code',
      [
        'Hello,',
        '',
        'Use this code to sign in to Stratum:',
        '',
        '    012345',
        '',
        'The code works once and expires in 10 minutes.',
        'If you did not ask for it, you can ignore this message: nobody can sign in without the code.',
        '',
        'The Stratum team',
      ],
    ],
    [
      'pt-BR',
      'Seu código de acesso ao Stratum',
      [
        'Olá,',
        '',
        'Use este código para entrar no Stratum:',
        '',
        '    012345',
        '',
        'O código vale uma vez e expira em 10 minutos.',
        'Se você não pediu este código, ignore esta mensagem: ninguém entra sem ele.',
        '',
        'Equipe Stratum',
      ],
    ],
    [
      'es-ES',
      'Tu código de acceso a Stratum',
      [
        'Hola:',
        '',
        'Usa este código para iniciar sesión en Stratum:',
        '',
        '    012345',
        '',
        'El código sirve una sola vez y caduca en 10 minutos.',
        'Si no lo has pedido, ignora este mensaje: nadie puede entrar sin el código.',
        '',
        'El equipo de Stratum',
      ],
    ],
  ])('reads in %s exactly as it always has', async (locale, subject, lines) => {
    const mail = await render(locale)
    expect(mail.subject).toBe(subject)
    expect(mail.text).toBe(lines.join('\n'))
    expect(mail.html).toContain(`<html lang="${locale}">`)
    expect(mail.html).toContain(`<title>${subject}</title>`)
  })

  it('escapes the brand in HTML and never reads placeholders inside it', async () => {
    const mail = await render('en-US', [], 'A&B {minutes}')
    expect(mail.subject).toBe('Your A&B {minutes} sign-in code')
    expect(mail.html).toContain('<p>Use this code to sign in to A&amp;B {minutes}:</p>')
  })

  it('takes a key from a source, key by key, and the rest from the locale or en-US', async () => {
    const french: MessageSource = {
      locales: [{ code: 'fr-FR', name: 'French', nativeName: 'Français' }],
      messages: {
        'fr-FR': { auth: { mail: { subject: 'Votre code de connexion {brand}' } } },
        'pt-BR': { auth: { mail: { greeting: 'Oi,' } } },
      },
    }
    const fr = await render('fr-FR', [french])
    expect(fr.subject).toBe('Votre code de connexion Stratum')
    expect(fr.text.split('\n')[0]).toBe('Hello,')
    expect(fr.text).toContain('The code works once and expires in 10 minutes.')
    expect(fr.html).toContain('<html lang="fr-FR">')

    const pt = await render('pt-BR', [french])
    expect(pt.text.split('\n')[0]).toBe('Oi,')
    expect(pt.subject).toBe('Seu código de acesso ao Stratum')
  })
})
