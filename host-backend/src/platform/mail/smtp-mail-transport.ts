import type { MailMessage, MailTransport } from '@stratum/layer-core/server'
import { createTransport } from 'nodemailer'
import type { Logger } from 'winston'

/** Options of {@link SmtpMailTransport}. */
export interface SmtpMailTransportOptions {
  /** Sender of messages that name none (config `MAIL_FROM`). */
  from: string
  /** Bound on opening the TCP connection (nodemailer waits 2 minutes). @default 5000 */
  connectionTimeoutMs?: number
  /** Bound on the server's greeting after connecting (nodemailer waits 30 s). @default 5000 */
  greetingTimeoutMs?: number
  /** Inactivity bound once connected (nodemailer waits 10 minutes). @default 15000 */
  socketTimeoutMs?: number
  /** Pooled connections kept open to the server. @default 5 */
  maxConnections?: number
}

/** {@link MailTransport} over SMTP with a connection pool; the production transport. */
export class SmtpMailTransport implements MailTransport {
  readonly kind = 'smtp'
  readonly mailbox = undefined
  readonly #from: string
  readonly #transporter: ReturnType<typeof createPool>

  /** @param url `smtp://user:pass@host:port` or `smtps://…`; settings in the URL win over options. */
  constructor(
    url: string,
    private readonly logger: Logger,
    options: SmtpMailTransportOptions,
  ) {
    this.#from = options.from
    this.#transporter = createPool(url, options)
    // An unhandled 'error' event would crash the process; a broken pool connection is not fatal.
    this.#transporter.on('error', (error: Error) => {
      this.logger.error(`SMTP transport error: ${error.message}`)
    })
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const info = await this.#transporter.sendMail({
      from: message.from ?? this.#from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: message.attachments?.map((attachment) => ({
        filename: attachment.filename,
        content:
          typeof attachment.content === 'string'
            ? attachment.content
            : Buffer.from(attachment.content),
        contentType: attachment.contentType,
        cid: attachment.cid,
      })),
    })
    // The recipient is personal data; the message id is enough to trace a delivery.
    this.logger.debug('mail sent over SMTP', { messageId: info.messageId })
    return { messageId: info.messageId }
  }

  async close(): Promise<void> {
    this.#transporter.close()
  }
}

function createPool(url: string, options: SmtpMailTransportOptions) {
  return createTransport({
    url,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    // nodemailer's defaults let a dead server hold a request for minutes; fail within seconds.
    connectionTimeout: options.connectionTimeoutMs ?? 5000,
    greetingTimeout: options.greetingTimeoutMs ?? 5000,
    socketTimeout: options.socketTimeoutMs ?? 15_000,
    // A server that drops every connection would otherwise be retried five times per message.
    maxRequeues: 1,
  })
}
