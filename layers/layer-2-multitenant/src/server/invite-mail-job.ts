import type { Kysely } from 'kysely'
import {
  brandedMailHtml,
  defineJob,
  themedSender,
  type Database,
  type JobDefinition,
  type MailTransport,
  type ThemeCatalog,
} from '@stratum/layer-core/server'
import { inviteMailPayloadSchema, type InviteMailPayload } from '../shared/job-payloads.ts'
import type { MultitenantDatabase } from './tables.ts'

export const INVITE_MAIL_JOB = 'multitenant.invite-mail'

declare module '@stratum/layer-core/server' {
  interface StratumJobs {
    'multitenant.invite-mail': InviteMailPayload
  }
}

/**
 * Sends an invite mail queued with its invite. Retried with backoff for about an hour; an invite
 * revoked, accepted or expired meanwhile is not mailed. The job row is deleted once sent: the
 * message holds the invite's token.
 */
export function inviteMailJob(deps: {
  database: Database
  mail: MailTransport
  themes: ThemeCatalog
  /** `MAIL_FROM`: its address carries the theme's sender name. */
  mailFrom: string
}): JobDefinition<typeof INVITE_MAIL_JOB> {
  return defineJob({
    name: INVITE_MAIL_JOB,
    payload: inviteMailPayloadSchema,
    retry: { limit: 8, delaySeconds: 10, backoff: true },
    // SMTP's own bounds (connect 5 s, greeting 5 s, idle 15 s) end a try well before this.
    timeoutSeconds: 60,
    deleteOnSuccess: true,
    handler: async ({ tenantId, inviteId, message, theme: themeName, locale }) => {
      // Invites are tenant rows: read under the tenant's setting, so row-level security holds.
      const pending = await deps.database.withSettings({ 'app.tenant_id': tenantId }, (trx) =>
        (trx as Kysely<MultitenantDatabase>)
          .selectFrom('tenant_invites')
          .select('id')
          .where('id', '=', inviteId)
          .where('accepted_at', 'is', null)
          .where('expires_at', '>', new Date())
          .executeTakeFirst(),
      )
      if (!pending) return
      if (themeName === undefined) return void (await deps.mail.send(message))
      // Framed here, not in the request: the logo travels as an attachment, not in the job row.
      const theme = deps.themes.get(themeName) ?? deps.themes.defaultTheme()
      const { html, attachments } = await brandedMailHtml({
        theme,
        locale: locale ?? 'en-US',
        title: message.subject,
        bodyHtml: message.html,
      })
      await deps.mail.send({
        ...message,
        html,
        attachments,
        from: themedSender(deps.mailFrom, theme),
      })
    },
  })
}
