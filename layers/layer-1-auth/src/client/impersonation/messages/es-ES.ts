import type { ImpersonationMessages } from './en-US.ts'

/** The impersonation and sessions screens' messages in es-ES. */
export const esES: ImpersonationMessages = {
  banner: 'Estás actuando como {user} en nombre del superadministrador {by}. Termina a las {time}.',
  stop: 'Detener',
  stopping: 'Deteniendo…',
  actAs: 'Actuar como este usuario',
  actAsLabel: 'Actuar como {email}',
  dialogTitle: 'Actuar como {email}',
  dialogIntro:
    'Verás lo que ve este usuario durante {minutes} minutos como máximo. Todo lo que hagas queda registrado con ambas identidades, y el usuario puede ver el motivo.',
  reason: 'Motivo',
  reasonHint: 'Entre {min} y {max} caracteres.',
  reasonTooShort: 'Indica un motivo de al menos {min} caracteres.',
  reasonTooLong: 'Un motivo tiene como máximo {max} caracteres.',
  start: 'Empezar a actuar como este usuario',
  starting: 'Iniciando…',
  cancel: 'Cancelar',
  errors: {
    IMPERSONATION_REFUSED:
      'No se puede actuar como este usuario: es un superadministrador o una cuenta desactivada.',
    ALREADY_IMPERSONATING: 'Ya estás actuando como otro usuario. Detén eso primero.',
    NOT_IMPERSONATING: 'Ya no estás actuando como otro usuario.',
    USER_NOT_FOUND: 'Este usuario ya no existe.',
    IMPERSONATION_TENANT_INVALID:
      'Este usuario ya no es miembro de esta organización, o la organización está cerrada.',
    FORBIDDEN: 'Solo un superadministrador puede hacer esto.',
    SESSION_IS_CURRENT: 'Esta es la sesión que estás usando. Cierra sesión para terminarla.',
    SESSION_NOT_FOUND: 'Esta sesión ya terminó.',
    unexpected: 'No ha funcionado. Inténtalo de nuevo en un momento.',
  },
  sessions: {
    heading: 'Tus sesiones',
    loading: 'Cargando tus sesiones…',
    started: 'Iniciada {time}',
    lastUsed: 'último uso {time}',
    current: 'Esta sesión',
    unknownDevice: 'Navegador desconocido',
    device: '{browser} en {os}',
    end: 'Terminar',
    endLabel: 'Terminar la sesión iniciada {time}',
    ended: 'La sesión se ha terminado.',
    address: 'desde {ip}',
    endOthers: 'Cerrar todas las demás sesiones',
    endedOthers: 'Se ha cerrado {count} otra sesión. | Se han cerrado {count} otras sesiones.',
    actingBy:
      'El superadministrador {email} está actuando como tú en esta sesión. Motivo: {reason}',
    pastHeading: 'Quién actuó como tú',
    pastIntro: 'Superadministradores que actuaron como tú en los últimos {days} días, y por qué.',
    pastItem: '{email}, desde {start} hasta {end}',
    pastEmpty: 'Nadie actuó como tú en los últimos {days} días.',
    reason: 'Motivo: {reason}',
  },
}
