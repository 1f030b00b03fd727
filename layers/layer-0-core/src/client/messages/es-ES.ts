import type { CoreMessages } from './en-US.ts'

/** Core messages in es-ES. */
export const esES: CoreMessages = {
  app: {
    skipToContent: 'Saltar al contenido',
    mainNav: 'Navegación principal',
    language: 'Idioma',
    logoAlt: 'Logotipo de {app}',
  },
  nav: { mailbox: 'Buzón de desarrollo' },
  loading: { label: 'Cargando…' },
  landing: {
    title: 'Inicio',
    heading: 'Bienvenido a {app}',
    signIn: 'Iniciar sesión',
    openApp: 'Abrir la aplicación',
  },
  shell: {
    sideNav: 'Secciones',
    openMenu: 'Menú',
    home: '{app}: inicio',
    sections: { workspace: 'Trabajo', administration: 'Administración', account: 'Cuenta' },
  },
  start: {
    title: 'Te damos la bienvenida',
    empty:
      'Todavía no hay ninguna página que puedas abrir. Pregunta a un administrador de tu organización.',
  },
  notFound: {
    title: 'Página no encontrada',
    body: 'No hay ninguna página en {path}.',
    home: 'Ir a la página de inicio',
  },
  error: {
    title: 'Algo ha fallado',
    requestId: 'ID de la solicitud',
    help: 'Si sigue ocurriendo, indica el ID de la solicitud al informar del problema.',
    retry: 'Reintentar',
  },
  errors: {
    NETWORK_ERROR:
      'No se pudo contactar con el servidor. Comprueba tu conexión e inténtalo de nuevo.',
    TIMEOUT: 'El servidor tardó demasiado en responder.',
    INVALID_RESPONSE: 'El servidor envió una respuesta que la aplicación no entiende.',
    NOT_FOUND: 'Lo que buscas no existe.',
    UNAUTHORIZED: 'Primero tienes que iniciar sesión.',
    FORBIDDEN: 'No tienes permiso para hacer esto.',
    RATE_LIMITED: 'Demasiadas solicitudes. Espera un momento e inténtalo de nuevo.',
    NOT_READY: 'El servidor se está iniciando. Inténtalo de nuevo en un momento.',
    SHUTTING_DOWN: 'El servidor se está reiniciando. Inténtalo de nuevo en un momento.',
    DATABASE_UNAVAILABLE:
      'El servicio no está disponible por un momento. Inténtalo de nuevo en unos segundos.',
    INTERNAL_ERROR: 'El servidor ha tenido un problema.',
    UNKNOWN: 'Se ha producido un error inesperado.',
  },
  mailbox: {
    title: 'Buzón de desarrollo',
    intro: 'Correos que la aplicación envió mientras no hay ningún servidor SMTP configurado.',
    refresh: 'Actualizar',
    count: 'Ningún mensaje | Un mensaje | {count} mensajes',
    empty: 'Todavía no se ha enviado ningún correo.',
    disabled:
      'El buzón de desarrollo está desactivado: hay un servidor SMTP configurado y el correo se entrega de verdad.',
    from: 'De',
    to: 'Para',
    sentAt: 'Enviado',
    noSubject: '(sin asunto)',
  },
}
