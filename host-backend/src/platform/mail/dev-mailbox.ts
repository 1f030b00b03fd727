import { randomUUID } from 'node:crypto'
import type { MailMessage, MailTransport, StoredMail } from '@stratum/layer-core/server'
import type { Logger } from 'winston'

/** Options of {@link DevMailbox}. */
export interface DevMailboxOptions {
  /** Sender of messages that name none (config `MAIL_FROM`). */
  from: string
  /** Messages kept; older ones are dropped. @default 200 */
  capacity?: number
  /**
   * Where the readable copy of each message goes. It is the console, not the logger: codes must
   * never reach log storage, even in development. @default console.log
   */
  print?: (text: string) => void
}

/**
 * The embedded default {@link MailTransport}: keeps recent messages in memory and prints each one
 * to the console, so a developer reads sign-in codes there. The logger only records that a
 * message arrived, without its content. Never for production.
 */
export class DevMailbox implements MailTransport {
  readonly kind = 'dev-mailbox'
  readonly mailbox: { list(): StoredMail[]; clear(): void } = this
  readonly #from: string
  readonly #capacity: number
  readonly #print: (text: string) => void
  // Newest first, so list() needs no sorting.
  #messages: StoredMail[] = []

  constructor(
    private readonly logger: Logger,
    options: DevMailboxOptions,
  ) {
    this.#from = options.from
    this.#capacity = options.capacity ?? 200
    this.#print = options.print ?? ((text) => console.log(text))
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const id = randomUUID()
    const stored: StoredMail = {
      ...message,
      id,
      from: message.from ?? this.#from,
      sentAt: new Date().toISOString(),
    }
    this.#messages.unshift(stored)
    if (this.#messages.length > this.#capacity) this.#messages.length = this.#capacity
    this.#print(formatForConsole(stored))
    this.logger.info('dev mailbox received a message', { mailId: id })
    return { messageId: `<${id}@dev-mailbox.stratum>` }
  }

  /** Kept messages, newest first. */
  list(): StoredMail[] {
    return [...this.#messages]
  }

  clear(): void {
    this.#messages = []
  }

  async close(): Promise<void> {}
}

function formatForConsole(mail: StoredMail): string {
  const body = mail.text
    .trim()
    .split('\n')
    .map((line) => `  │ ${line}`)
    .join('\n')
  return [
    `Dev mailbox: message for ${mail.to}`,
    `  To:      ${mail.to}`,
    `  From:    ${mail.from}`,
    `  Subject: ${mail.subject}`,
    body,
  ].join('\n')
}
