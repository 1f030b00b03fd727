import type { ImpersonationMessages } from './en-US.ts'

/** The impersonation and sessions screens' messages in pt-BR. */
export const ptBR: ImpersonationMessages = {
  banner: 'Você está agindo como {user} em nome do superadministrador {by}. Termina às {time}.',
  stop: 'Parar',
  stopping: 'Parando…',
  actAs: 'Agir como este usuário',
  actAsLabel: 'Agir como {email}',
  dialogTitle: 'Agir como {email}',
  dialogIntro:
    'Você verá o que este usuário vê por no máximo {minutes} minutos. Tudo o que fizer é registrado com as duas identidades, e o usuário pode ver o motivo.',
  reason: 'Motivo',
  reasonHint: 'Entre {min} e {max} caracteres.',
  reasonTooShort: 'Informe um motivo de pelo menos {min} caracteres.',
  reasonTooLong: 'Um motivo tem no máximo {max} caracteres.',
  start: 'Começar a agir como este usuário',
  starting: 'Iniciando…',
  cancel: 'Cancelar',
  errors: {
    IMPERSONATION_REFUSED:
      'Não é possível agir como este usuário: é um superadministrador ou uma conta desativada.',
    ALREADY_IMPERSONATING: 'Você já está agindo como outro usuário. Pare primeiro.',
    NOT_IMPERSONATING: 'Você não está mais agindo como outro usuário.',
    USER_NOT_FOUND: 'Este usuário não existe mais.',
    IMPERSONATION_TENANT_INVALID:
      'Este usuário não é mais membro desta organização, ou a organização está fechada.',
    FORBIDDEN: 'Só um superadministrador pode fazer isso.',
    SESSION_IS_CURRENT: 'Esta é a sessão que você está usando. Saia para encerrá-la.',
    SESSION_NOT_FOUND: 'Esta sessão já foi encerrada.',
    unexpected: 'Não deu certo. Tente de novo daqui a pouco.',
  },
  sessions: {
    heading: 'Suas sessões',
    loading: 'Carregando suas sessões…',
    started: 'Iniciada {time}',
    lastUsed: 'último uso {time}',
    current: 'Esta sessão',
    unknownDevice: 'Navegador desconhecido',
    device: '{browser} em {os}',
    end: 'Encerrar',
    endLabel: 'Encerrar a sessão iniciada {time}',
    ended: 'A sessão foi encerrada.',
    address: 'de {ip}',
    endOthers: 'Encerrar todas as outras sessões',
    endedOthers: '{count} outra sessão foi encerrada. | {count} outras sessões foram encerradas.',
    actingBy: 'O superadministrador {email} está agindo como você nesta sessão. Motivo: {reason}',
    pastHeading: 'Quem agiu como você',
    pastIntro: 'Superadministradores que agiram como você nos últimos {days} dias, e por quê.',
    pastItem: '{email}, de {start} até {end}',
    pastEmpty: 'Ninguém agiu como você nos últimos {days} dias.',
    reason: 'Motivo: {reason}',
  },
}
