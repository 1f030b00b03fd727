import { simpleParser } from 'mailparser'
import type { ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/** A real SMTP server on 127.0.0.1 that parses what it receives. */
export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>`, ready for `SMTP_URL`. */
  url: string
  /** Every message received so far, oldest first. */
  messages: ParsedMail[]
  /**
   * Resolves with the first message (already received or still to come) that matches, so a test
   * can send and then wait without racing the delivery.
   * @param timeoutMs @default 5000
   */
  waitFor(predicate: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>
  close(): Promise<void>
}

/** Options of {@link startTestSmtpServer}. */
export interface TestSmtpServerOptions {
  /** Listen here, for a server that comes back where a stopped one was. @default a free port */
  port?: number
  /** Hold every message this long before accepting it: a slow SMTP server. @default 0 */
  delayMs?: number
}

/** Starts an SMTP server on a free port, without auth or TLS, for tests that check real delivery. */
export async function startTestSmtpServer(
  options: TestSmtpServerOptions = {},
): Promise<TestSmtpServer> {
  const messages: ParsedMail[] = []
  const waiters = new Set<() => void>()
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Clients keep pooled connections open; close() drops them instead of waiting 30 s.
    closeTimeout: 200,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        async (mail) => {
          if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs))
          messages.push(mail)
          for (const wake of waiters) wake()
          callback()
        },
        (error: Error) => callback(error),
      )
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.server.address() as { port: number }

  const waitFor = (predicate: (mail: ParsedMail) => boolean, timeoutMs = 5000) =>
    new Promise<ParsedMail>((resolve, reject) => {
      const check = () => {
        const found = messages.find(predicate)
        if (!found) return
        done()
        resolve(found)
      }
      const timer = setTimeout(() => {
        done()
        const subjects = messages.map((mail) => JSON.stringify(mail.subject)).join(', ') || 'none'
        reject(new Error(`No matching mail within ${timeoutMs} ms; received: ${subjects}.`))
      }, timeoutMs)
      const done = () => {
        clearTimeout(timer)
        waiters.delete(check)
      }
      waiters.add(check)
      check()
    })

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
