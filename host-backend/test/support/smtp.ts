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

/** Starts an SMTP server on a free port, without auth or TLS, for tests that check real delivery. */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const messages: ParsedMail[] = []
  const waiters = new Set<() => void>()
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
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
    server.listen(0, '127.0.0.1', () => resolve())
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
