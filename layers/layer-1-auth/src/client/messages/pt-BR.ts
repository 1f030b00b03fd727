import type { AuthMessages } from './en-US.ts'

/** Auth messages in pt-BR, the default locale. */
export const ptBR: AuthMessages = {
  nav: { account: 'Minha conta' },
  menu: {
    suffix: 'menu da conta',
    signOut: 'Sair',
    signingOut: 'Saindo…',
  },
  login: {
    title: 'Entrar',
    heading: 'Entrar no {app}',
    intro: 'Informe seu e-mail e enviaremos um código de acesso de {length} dígitos.',
    email: 'Endereço de e-mail',
    submit: 'Enviar código',
    submitting: 'Enviando…',
    haveCode: 'Já tenho um código',
  },
  verify: {
    title: 'Digite seu código',
    heading: 'Confira seu e-mail',
    intro: 'Enviamos um código de {length} dígitos para {email}. Ele vale por {minutes} minutos.',
    code: 'Código de acesso',
    digit: 'Dígito {position} de {length}',
    submit: 'Entrar',
    submitting: 'Entrando…',
    resend: 'Enviar novo código',
    resendIn: 'Enviar novo código em {seconds} s',
    resent: 'Um novo código está a caminho de {email}.',
    otherEmail: 'Usar outro endereço de e-mail',
  },
  account: {
    title: 'Minha conta',
    heading: 'Minha conta',
    signInHeading: 'Acesso',
    email: 'Conectado como',
    signOut: 'Sair',
    signingOut: 'Saindo…',
  },
  fields: {
    emailRequired: 'Informe seu endereço de e-mail.',
    emailInvalid: "Informe um e-mail válido, como nome{'@'}exemplo.com.",
    emailTooLong: 'Um endereço de e-mail tem no máximo {max} caracteres.',
    codeIncomplete: 'Digite os {length} dígitos do código.',
  },
  errors: {
    title: 'Não foi possível entrar',
    OTP_INVALID:
      'Código incorreto, e ele não pode mais ser usado. | Código incorreto. Resta {count} tentativa. | Código incorreto. Restam {count} tentativas.',
    OTP_EXPIRED: 'Este código expirou ou já foi usado. Peça um novo.',
    OTP_ALREADY_USED:
      'Este código já foi usado para entrar, talvez em outra aba. Se você não entrou, peça um novo.',
    OTP_TOO_MANY_ATTEMPTS: 'Tentativas erradas demais para este código. Peça um novo.',
    ACCOUNT_LOCKED:
      'Muitas tentativas de acesso sem sucesso. Por segurança, o acesso está bloqueado por {time}.',
    OTP_SEND_THROTTLED: 'Enviamos um código há pouco. Você pode pedir outro em {time}.',
    TOO_MANY_REQUESTS: 'Tentativas demais a partir da sua rede. Tente de novo em {time}.',
    RATE_LIMITED: 'Requisições demais. Aguarde um momento e tente de novo.',
    MAIL_DELIVERY_FAILED: 'Não conseguimos enviar o e-mail agora. Tente de novo em um minuto.',
    CACHE_UNAVAILABLE:
      'O acesso está indisponível por instantes. Tente de novo em alguns segundos.',
    ACCOUNT_DISABLED: 'Esta conta está desativada. Fale com o administrador.',
    CSRF_REJECTED:
      'Esta requisição foi bloqueada porque não veio deste aplicativo. Recarregue a página e tente de novo.',
    INSECURE_TRANSPORT: 'O acesso exige uma conexão segura (https).',
  },
  time: {
    seconds: '{n} segundo | {n} segundos',
    minutes: '{n} minuto | {n} minutos',
    hours: '{n} hora | {n} horas',
  },
}
