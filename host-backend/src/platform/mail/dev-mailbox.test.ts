import { describe, expect, it } from 'vitest'
import { captureLogger } from '../../../test/support/logger.ts'
import { DevMailbox } from './dev-mailbox.ts'

const message = (n: number) => ({
  to: `user${n}@example.test`,
  subject: `Code ${n}`,
  text: `Your code is ${n}.`,
  html: `<p>Your code is <b>${n}</b>.</p>`,
})

describe('DevMailbox', () => {
  it('lists sent messages newest first with sender and time', async () => {
    const mailbox = new DevMailbox(captureLogger().logger, { from: 'Stratum <no-reply@s.test>' })
    await mailbox.send(message(1))
    const { messageId } = await mailbox.send({ ...message(2), from: 'Acme <a@acme.test>' })
    const [newest, oldest] = mailbox.mailbox.list()
    expect(newest).toMatchObject({ ...message(2), from: 'Acme <a@acme.test>' })
    expect(messageId).toContain(newest?.id)
    expect(oldest).toMatchObject({ subject: 'Code 1', from: 'Stratum <no-reply@s.test>' })
    expect(Date.parse(oldest?.sentAt ?? '')).not.toBeNaN()
  })

  it('keeps only the newest 200 messages', async () => {
    const mailbox = new DevMailbox(captureLogger().logger, { from: 'x@s.test' })
    for (let n = 1; n <= 205; n++) await mailbox.send(message(n))
    const list = mailbox.mailbox.list()
    expect(list).toHaveLength(200)
    expect(list[0]?.subject).toBe('Code 205')
    expect(list.at(-1)?.subject).toBe('Code 6')
  })

  it('prints recipient, subject and text part to the console, never to the log', async () => {
    const { logger, entries } = captureLogger()
    const printed: string[] = []
    await new DevMailbox(logger, { from: 'x@s.test', print: (t) => printed.push(t) }).send(
      message(7),
    )
    expect(printed).toHaveLength(1)
    expect(printed[0]).toContain('user7@example.test')
    expect(printed[0]).toContain('Subject: Code 7')
    expect(printed[0]).toContain('Your code is 7.')
    expect(printed[0]).not.toContain('<b>')
    // The log only says a message arrived: its content (a sign-in code) never reaches it.
    expect(entries).toHaveLength(1)
    expect(JSON.stringify(entries)).not.toContain('Your code is 7.')
  })

  it('forgets everything on clear', async () => {
    const mailbox = new DevMailbox(captureLogger().logger, { from: 'x@s.test' })
    await mailbox.send(message(1))
    mailbox.mailbox.clear()
    expect(mailbox.mailbox.list()).toEqual([])
  })
})
