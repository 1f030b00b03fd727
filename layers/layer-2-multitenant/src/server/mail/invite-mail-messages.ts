import type { CompiledMessages } from '@stratum/layer-core/server'

/** The invite mail's texts, as en-US (the typed source) holds them. */
type InviteMailMessages = {
  inviteMail: {
    /** `{tenant}` */
    subject: string
    /** `{tenant}`, `{role}` */
    intro: string
    /** `{inviter}`: their name and address, or the address alone */
    invitedBy: string
    signIn: string
    /** The text of the link in the HTML part. */
    linkText: string
    /** `{days}` */
    expiry: string
    /** The system roles, by key. */
    roleNames: { account_admin: string; user: string; viewer: string }
  }
}

const enUS: InviteMailMessages = {
  inviteMail: {
    subject: 'You are invited to {tenant}',
    intro: 'You have been invited to join {tenant} as {role}.',
    invitedBy: 'The invitation comes from {inviter}.',
    signIn: 'Sign in with this email address, then open:',
    linkText: 'this link',
    expiry: 'The invitation expires in {days} days.',
    roleNames: { account_admin: 'Account admin', user: 'User', viewer: 'Viewer' },
  },
}

const ptBR: InviteMailMessages = {
  inviteMail: {
    subject: 'Você foi convidado para {tenant}',
    intro: 'Você foi convidado para participar de {tenant} como {role}.',
    invitedBy: 'O convite foi enviado por {inviter}.',
    signIn: 'Entre com este endereço de e-mail e depois abra:',
    linkText: 'este link',
    expiry: 'O convite expira em {days} dias.',
    roleNames: { account_admin: 'Administrador da conta', user: 'Usuário', viewer: 'Leitor' },
  },
}

const esES: InviteMailMessages = {
  inviteMail: {
    subject: 'Te han invitado a {tenant}',
    intro: 'Te han invitado a unirte a {tenant} como {role}.',
    invitedBy: 'La invitación viene de {inviter}.',
    signIn: 'Inicia sesión con esta dirección de correo y luego abre:',
    linkText: 'este enlace',
    expiry: 'La invitación caduca en {days} días.',
    roleNames: { account_admin: 'Administrador de la cuenta', user: 'Usuario', viewer: 'Lector' },
  },
}

/**
 * The invite mail in each shipped locale, registered under the `multitenant` namespace
 * (`multitenant.inviteMail.subject`); a `core.messages` source (the languages layer) may override
 * any key, globally or for the inviting tenant. The link, the only secret, is never in these texts.
 */
export const INVITE_MAIL_MESSAGES = {
  'en-US': enUS,
  'pt-BR': ptBR,
  'es-ES': esES,
} satisfies CompiledMessages
