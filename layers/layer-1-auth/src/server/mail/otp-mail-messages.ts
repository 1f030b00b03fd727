import type { Locale } from '@stratum/layer-core/shared'

interface OtpMailText {
  subject: (brand: string) => string
  greeting: string
  intro: (brand: string) => string
  expiry: (minutes: number) => string
  ignore: string
  signature: (brand: string) => string
}

/** The sign-in mail in each locale; the only secret in it is the code. */
export const OTP_MAIL_TEXT: Record<Locale, OtpMailText> = {
  'en-US': {
    subject: (brand) => `Your ${brand} sign-in code`,
    greeting: 'Hello,',
    intro: (brand) => `Use this code to sign in to ${brand}:`,
    expiry: (minutes) => `The code works once and expires in ${minutes} minutes.`,
    ignore:
      'If you did not ask for it, you can ignore this message: nobody can sign in without the code.',
    signature: (brand) => `The ${brand} team`,
  },
  'pt-BR': {
    subject: (brand) => `Seu código de acesso ao ${brand}`,
    greeting: 'Olá,',
    intro: (brand) => `Use este código para entrar no ${brand}:`,
    expiry: (minutes) => `O código vale uma vez e expira em ${minutes} minutos.`,
    ignore: 'Se você não pediu este código, ignore esta mensagem: ninguém entra sem ele.',
    signature: (brand) => `Equipe ${brand}`,
  },
  'es-ES': {
    subject: (brand) => `Tu código de acceso a ${brand}`,
    greeting: 'Hola:',
    intro: (brand) => `Usa este código para iniciar sesión en ${brand}:`,
    expiry: (minutes) => `El código sirve una sola vez y caduca en ${minutes} minutos.`,
    ignore: 'Si no lo has pedido, ignora este mensaje: nadie puede entrar sin el código.',
    signature: (brand) => `El equipo de ${brand}`,
  },
}
