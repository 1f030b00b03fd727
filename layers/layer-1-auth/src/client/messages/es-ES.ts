import type { AuthMessages } from './en-US.ts'

/** Auth messages in es-ES. */
export const esES: AuthMessages = {
  nav: { account: 'Mi cuenta' },
  menu: {
    suffix: 'menú de la cuenta',
    signOut: 'Cerrar sesión',
    signingOut: 'Cerrando sesión…',
  },
  login: {
    title: 'Iniciar sesión',
    heading: 'Inicia sesión en {app}',
    intro:
      'Introduce tu correo electrónico y te enviaremos un código de acceso de {length} dígitos.',
    email: 'Correo electrónico',
    submit: 'Enviarme un código',
    submitting: 'Enviando…',
    haveCode: 'Ya tengo un código',
  },
  verify: {
    title: 'Introduce tu código',
    heading: 'Revisa tu correo',
    intro:
      'Hemos enviado un código de {length} dígitos a {email}. Es válido durante {minutes} minutos.',
    code: 'Código de acceso',
    digit: 'Dígito {position} de {length}',
    submit: 'Iniciar sesión',
    submitting: 'Iniciando sesión…',
    resend: 'Enviar un código nuevo',
    resendIn: 'Enviar un código nuevo en {seconds} s',
    resent: 'Un código nuevo va de camino a {email}.',
    otherEmail: 'Usar otro correo electrónico',
  },
  account: {
    title: 'Mi cuenta',
    heading: 'Mi cuenta',
    signInHeading: 'Acceso',
    email: 'Sesión iniciada como',
    signOut: 'Cerrar sesión',
    signingOut: 'Cerrando sesión…',
  },
  fields: {
    emailRequired: 'Introduce tu correo electrónico.',
    emailInvalid: "Introduce un correo válido, como nombre{'@'}ejemplo.com.",
    emailTooLong: 'Un correo electrónico tiene como máximo {max} caracteres.',
    codeIncomplete: 'Introduce los {length} dígitos del código.',
  },
  errors: {
    title: 'No se ha podido iniciar sesión',
    OTP_INVALID:
      'El código no es correcto y ya no se puede volver a probar. | El código no es correcto. Te queda {count} intento. | El código no es correcto. Te quedan {count} intentos.',
    OTP_EXPIRED: 'Este código ha caducado o ya se ha usado. Pide uno nuevo.',
    OTP_ALREADY_USED:
      'Este código ya se ha usado para entrar, quizá en otra pestaña. Si no has entrado, pide uno nuevo.',
    OTP_TOO_MANY_ATTEMPTS: 'Demasiados intentos fallidos con este código. Pide uno nuevo.',
    ACCOUNT_LOCKED:
      'Demasiados inicios de sesión fallidos. Por seguridad, el acceso está bloqueado durante {time}.',
    OTP_SEND_THROTTLED:
      'Te enviamos un código hace un momento. Puedes pedir otro dentro de {time}.',
    TOO_MANY_REQUESTS: 'Demasiados intentos desde tu red. Vuelve a intentarlo dentro de {time}.',
    RATE_LIMITED: 'Demasiadas solicitudes. Espera un momento y vuelve a intentarlo.',
    MAIL_DELIVERY_FAILED:
      'No hemos podido enviar el correo ahora. Vuelve a intentarlo dentro de un minuto.',
    CACHE_UNAVAILABLE:
      'El inicio de sesión no está disponible por unos instantes. Vuelve a intentarlo en unos segundos.',
    ACCOUNT_DISABLED: 'Esta cuenta está desactivada. Ponte en contacto con tu administrador.',
    CSRF_REJECTED:
      'Se ha bloqueado esta solicitud porque no procede de esta aplicación. Recarga la página y vuelve a intentarlo.',
    INSECURE_TRANSPORT: 'Para iniciar sesión hace falta una conexión segura (https).',
  },
  time: {
    seconds: '{n} segundo | {n} segundos',
    minutes: '{n} minuto | {n} minutos',
    hours: '{n} hora | {n} horas',
  },
}
