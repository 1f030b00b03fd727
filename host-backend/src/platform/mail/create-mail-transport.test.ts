import { describe, expect, it } from 'vitest'
import { captureLogger } from '../../../test/support/logger.ts'
import { createMailTransport } from './create-mail-transport.ts'

const base = { MAIL_FROM: 'Stratum <no-reply@s.test>' }

describe('createMailTransport', () => {
  it('uses the dev mailbox in development when SMTP_URL is unset', async () => {
    const mail = createMailTransport({ ...base, NODE_ENV: 'development' }, captureLogger().logger)
    expect(mail.kind).toBe('dev-mailbox')
    expect(mail.mailbox).toBeDefined()
    await mail.close()
  })

  it('uses SMTP when SMTP_URL is set', async () => {
    const config = { ...base, NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:2525' } as const
    const mail = createMailTransport(config, captureLogger().logger)
    expect(mail.kind).toBe('smtp')
    expect(mail.mailbox).toBeUndefined()
    await mail.close()
  })

  it('refuses to fall back to the dev mailbox in production', () => {
    expect(() =>
      createMailTransport({ ...base, NODE_ENV: 'production' }, captureLogger().logger),
    ).toThrow(
      "SMTP_URL is required when NODE_ENV=production; the dev mailbox must not hold real users' codes.",
    )
  })
})
