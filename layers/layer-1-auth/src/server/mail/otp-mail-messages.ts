import type { CompiledMessages } from '@stratum/layer-core/server'

/** The auth layer's server messages, as en-US (the typed source) holds them. */
type AuthServerMessages = {
  mail: {
    /** `{brand}`: the theme's title. */
    subject: string
    greeting: string
    /** `{brand}` */
    intro: string
    /** `{minutes}`: how long the code lives. */
    expiry: string
    ignore: string
    /** `{brand}` */
    signature: string
  }
}

const enUS: AuthServerMessages = {
  mail: {
    subject: 'Your {brand} sign-in code',
    greeting: 'Hello,',
    intro: 'Use this code to sign in to {brand}:',
    expiry: 'The code works once and expires in {minutes} minutes.',
    ignore:
      'If you did not ask for it, you can ignore this message: nobody can sign in without the code.',
    signature: 'The {brand} team',
  },
}

const ptBR: AuthServerMessages = {
  mail: {
    subject: 'Seu código de acesso ao {brand}',
    greeting: 'Olá,',
    intro: 'Use este código para entrar no {brand}:',
    expiry: 'O código vale uma vez e expira em {minutes} minutos.',
    ignore: 'Se você não pediu este código, ignore esta mensagem: ninguém entra sem ele.',
    signature: 'Equipe {brand}',
  },
}

const esES: AuthServerMessages = {
  mail: {
    subject: 'Tu código de acceso a {brand}',
    greeting: 'Hola:',
    intro: 'Usa este código para iniciar sesión en {brand}:',
    expiry: 'El código sirve una sola vez y caduca en {minutes} minutos.',
    ignore: 'Si no lo has pedido, ignora este mensaje: nadie puede entrar sin el código.',
    signature: 'El equipo de {brand}',
  },
}

/**
 * The sign-in mail in each shipped locale, registered under the `auth` namespace
 * (`auth.mail.subject`); a `core.messages` source may override any key or add a locale. The only
 * secret in the mail is the code, which is never part of these texts.
 */
export const AUTH_SERVER_MESSAGES = {
  'en-US': enUS,
  'pt-BR': ptBR,
  'es-ES': esES,
} satisfies CompiledMessages
