import type { MailTransport, PlatformConfig } from '@stratum/layer-core/server'
import type { Logger } from 'winston'
import { DevMailbox } from './dev-mailbox.ts'
import { SmtpMailTransport } from './smtp-mail-transport.ts'

/**
 * SMTP when `SMTP_URL` is set, the dev mailbox otherwise. Refuses to start in production without
 * SMTP, because the dev mailbox prints sign-in codes to the logs.
 */
export function createMailTransport(
  config: Pick<PlatformConfig, 'SMTP_URL' | 'MAIL_FROM' | 'NODE_ENV'>,
  logger: Logger,
): MailTransport {
  if (config.SMTP_URL) {
    logger.info('Mail: SMTP')
    return new SmtpMailTransport(config.SMTP_URL, logger, { from: config.MAIL_FROM })
  }
  if (config.NODE_ENV === 'production') {
    throw new Error(
      "SMTP_URL is required when NODE_ENV=production; the dev mailbox must not hold real users' codes.",
    )
  }
  logger.info('Mail: dev mailbox (messages are printed here; set SMTP_URL to deliver them)')
  return new DevMailbox(logger, { from: config.MAIL_FROM })
}
