import type { Kysely } from 'kysely'
import {
  defineJob,
  themedSender,
  type JobDefinition,
  type MailTransport,
  type MessageCatalog,
  type ThemeCatalog,
} from '@stratum/layer-core/server'
import { AUTH_LIMITS } from '../../shared/limits.ts'
import { otpMailPayloadSchema, type OtpMailPayload } from '../../shared/job-payloads.ts'
import type { AuthDatabase } from '../tables.ts'
import { renderOtpMail } from './render-otp-mail.ts'

export const OTP_MAIL_JOB = 'auth.otp-mail'

declare module '@stratum/layer-core/server' {
  interface StratumJobs {
    'auth.otp-mail': OtpMailPayload
  }
}

export interface OtpMailJobDeps {
  db: Kysely<AuthDatabase>
  mail: MailTransport
  messages: MessageCatalog
  themes: ThemeCatalog
  /** `MAIL_FROM`: its address carries the theme's sender name. */
  mailFrom: string
}

/**
 * Sends a sign-in code mail queued by `OtpService.request`. Retried with backoff for about as long
 * as a code lives; a code that can no longer sign anyone in (used, replaced, expired) is not
 * mailed. The job row is deleted once sent: it holds the code.
 */
export function otpMailJob(deps: OtpMailJobDeps): JobDefinition<typeof OTP_MAIL_JOB> {
  return defineJob({
    name: OTP_MAIL_JOB,
    payload: otpMailPayloadSchema,
    // 5 s doubling (with jitter): the last of 6 retries falls 5–10 minutes after the request.
    retry: { limit: 6, delaySeconds: 5, backoff: true },
    // SMTP's own bounds (connect 5 s, greeting 5 s, idle 15 s) end a try well before this.
    timeoutSeconds: 60,
    deleteOnSuccess: true,
    handler: async (payload) => {
      const live = await deps.db
        .selectFrom('auth_otp_codes')
        .select('id')
        .where('id', '=', payload.codeId)
        .where('used_at', 'is', null)
        .where('invalidated_at', 'is', null)
        .where('expires_at', '>', new Date())
        .executeTakeFirst()
      if (!live) return
      const theme = deps.themes.get(payload.theme) ?? deps.themes.defaultTheme()
      const message = await renderOtpMail({
        to: payload.to,
        code: payload.code,
        locale: payload.locale,
        t: await deps.messages.translator(payload.locale),
        theme,
        expiresInMinutes: AUTH_LIMITS.codeTtlSeconds / 60,
        from: themedSender(deps.mailFrom, theme),
      })
      await deps.mail.send(message)
    },
  })
}
