import { createServer } from 'node:net'
import type { Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureLogger } from '../../../test/support/logger.ts'
import { startTestSmtpServer } from '../../../test/support/smtp.ts'
import type { TestSmtpServer } from '../../../test/support/smtp.ts'
import { SmtpMailTransport } from './smtp-mail-transport.ts'

describe('SmtpMailTransport', () => {
  let smtp: TestSmtpServer
  let transport: SmtpMailTransport
  beforeAll(async () => {
    smtp = await startTestSmtpServer()
    transport = new SmtpMailTransport(smtp.url, captureLogger().logger, {
      from: 'Stratum <no-reply@stratum.test>',
    })
  })
  afterAll(async () => {
    await transport.close()
    await smtp.close()
  })

  it('delivers subject, text part and html part to a real SMTP server', async () => {
    const { messageId } = await transport.send({
      to: 'ada@example.test',
      subject: 'Your sign-in code: 123456',
      text: 'Use 123456 to sign in.',
      html: '<p>Use <strong>123456</strong> to sign in.</p>',
    })
    const mail = await smtp.waitFor((m) => m.messageId === messageId)
    expect(mail.subject).toBe('Your sign-in code: 123456')
    expect(mail.text?.trim()).toBe('Use 123456 to sign in.')
    expect(mail.html).toContain('<strong>123456</strong>')
    expect(mail.from?.value).toEqual([{ name: 'Stratum', address: 'no-reply@stratum.test' }])
    expect(mail.to).toMatchObject({ text: 'ada@example.test' })
  })

  it('sends inline attachments and honours a per-message sender', async () => {
    const { messageId } = await transport.send({
      to: 'bob@example.test',
      from: 'Acme <hello@acme.test>',
      subject: 'With logo',
      text: 'Logo attached.',
      html: '<img src="cid:logo">',
      attachments: [
        { filename: 'logo.svg', content: '<svg/>', contentType: 'image/svg+xml', cid: 'logo' },
      ],
    })
    const mail = await smtp.waitFor((m) => m.messageId === messageId)
    expect(mail.from?.value).toEqual([{ name: 'Acme', address: 'hello@acme.test' }])
    expect(mail.attachments[0]?.contentId).toBe('<logo>')
    expect(mail.attachments[0]?.content.toString()).toBe('<svg/>')
  })
})

describe('SmtpMailTransport against a dead server', () => {
  const message = { to: 'a@example.test', subject: 's', text: 't', html: '<p>t</p>' }

  it('fails at once when nothing listens', async () => {
    const transport = new SmtpMailTransport('smtp://127.0.0.1:2599', captureLogger().logger, {
      from: 'x@stratum.test',
    })
    const started = performance.now()
    await expect(transport.send(message)).rejects.toThrow(/ECONNREFUSED/)
    expect(performance.now() - started).toBeLessThan(2000)
    await transport.close()
  })

  it('gives up on a server that never greets after the greeting timeout', async () => {
    const sockets: Socket[] = []
    const silent = createServer((socket) => void sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const { port } = silent.address() as { port: number }
    const transport = new SmtpMailTransport(`smtp://127.0.0.1:${port}`, captureLogger().logger, {
      from: 'x@stratum.test',
      greetingTimeoutMs: 300,
    })
    const started = performance.now()
    await expect(transport.send(message)).rejects.toThrow(/Greeting never received/i)
    expect(performance.now() - started).toBeLessThan(2000)
    await transport.close()
    for (const socket of sockets) socket.destroy()
    silent.close()
  })
})
