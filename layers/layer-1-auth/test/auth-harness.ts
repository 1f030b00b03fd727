import { sql } from 'kysely'
import type { ParsedMail } from 'mailparser'
import type { ServerLayer } from '@stratum/layer-core/server'
import { createLogger } from '@stratum/host-backend'
import { SmtpMailTransport } from '../../../host-backend/src/platform/index.ts'
import { AUTH_LIMITS } from '../src/shared/limits.ts'
import {
  createTestHost,
  startTestSmtpServer,
  type TestHost,
  type TestSmtpServer,
  type TestTarget,
} from '@stratum/host-backend/testing'

export const AUTH_LAYERS = {
  layers: [
    { name: 'core', enabled: true, priority: 0 },
    { name: 'auth', enabled: true, prefix: '/api/auth', openapiTags: ['auth'] },
  ],
}

/** A received sign-in mail, from the real SMTP server or the dev mailbox. */
export interface ReceivedMail {
  to: string
  subject: string
  text: string
  html: string
  attachments: Array<{ contentType: string; cid?: string }>
}

export interface AuthHarness {
  t: TestHost
  /** Waits for the newest mail to `email` and returns it. */
  mailTo(email: string, after?: number): Promise<ReceivedMail>
  /** Requests a code and reads it out of the received mail. */
  code(email: string, ip?: string, headers?: Record<string, string>): Promise<string>
  post(
    path: string,
    body?: unknown,
    init?: { headers?: Record<string, string>; ip?: string },
  ): Promise<Response>
  /** Time passing: the user's rotated refresh tokens leave the grace window for replays. */
  endRefreshGrace(userId: string): Promise<void>
  close(): Promise<void>
}

const fromParsed = (mail: ParsedMail): ReceivedMail => ({
  to: (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.text ?? '',
  subject: mail.subject ?? '',
  text: mail.text ?? '',
  html: typeof mail.html === 'string' ? mail.html : '',
  attachments: mail.attachments.map((a) => ({ contentType: a.contentType, cid: a.cid })),
})

export const CODE_IN_MAIL = /\b(\d{6})\b/

/**
 * A host with core and auth. On PostgreSQL, mail goes over real SMTP to a server the test runs;
 * on the embedded defaults, to the dev mailbox.
 * @param extraLayers test fixtures (an audit sink, a message source), each enabled next to auth
 */
export async function createAuthHarness(
  target: TestTarget,
  env: Record<string, string> = {},
  extraLayers: readonly ServerLayer[] = [],
): Promise<AuthHarness> {
  let smtp: TestSmtpServer | undefined
  let mail
  if (target === 'postgres') {
    smtp = await startTestSmtpServer()
    mail = new SmtpMailTransport(smtp.url, createLogger('silent'), {
      from: 'Stratum <no-reply@stratum.test>',
    })
  }
  const t = await createTestHost({
    target,
    layersConfig: {
      layers: [
        ...AUTH_LAYERS.layers,
        ...extraLayers.map((l) => ({ name: l.manifest.id, enabled: true })),
      ],
    },
    extraLayers,
    env,
    ...(mail ? { mail } : {}),
  })
  const seen = new Map<string, number>()

  const mailTo = async (email: string): Promise<ReceivedMail> => {
    const already = seen.get(email) ?? 0
    seen.set(email, already + 1)
    // Mail is sent by a job worker: wait for the queue rather than for a fixed time.
    await t.host.platform.jobs.whenIdle()
    if (smtp) {
      const deadline = Date.now() + 5000
      for (;;) {
        const mine = smtp.messages.filter((m) => fromParsed(m).to.includes(email))
        if (mine.length > already) return fromParsed(mine[already]!)
        if (Date.now() > deadline) throw new Error(`no mail #${already + 1} for ${email}`)
        await new Promise((r) => setTimeout(r, 20))
      }
    }
    const mine = t.host.platform.mail
      .mailbox!.list()
      .filter((m) => m.to === email)
      .reverse()
    const found = mine[already]
    if (!found) throw new Error(`no mail #${already + 1} for ${email}`)
    return {
      ...found,
      attachments: (found.attachments ?? []).map((a) => ({
        contentType: a.contentType,
        cid: a.cid,
      })),
    }
  }

  const post = (
    path: string,
    body?: unknown,
    init: { headers?: Record<string, string>; ip?: string } = {},
  ) =>
    t.request(
      path,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...init.headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      init.ip,
    )

  return {
    t,
    mailTo,
    post,
    async code(email, ip, headers) {
      const res = await post('/api/auth/request-otp', { email }, { ip, headers })
      if (res.status !== 202)
        throw new Error(`request-otp answered ${res.status}: ${await res.text()}`)
      const mail = await mailTo(email)
      return CODE_IN_MAIL.exec(mail.text)![1]!
    },
    async endRefreshGrace(userId) {
      await t.host.platform.database.db
        .updateTable('auth_refresh_tokens')
        .set({
          used_at: sql`used_at - make_interval(secs => ${AUTH_LIMITS.refreshGraceSeconds + 1})`,
        })
        .where('user_id', '=', userId)
        .where('used_at', 'is not', null)
        .execute()
    },
    async close() {
      await t.close()
      await smtp?.close()
    },
  }
}

/** Cookie header value from a response's Set-Cookie list. */
export function cookiesFrom(res: Response): Record<string, string> {
  const jar: Record<string, string> = {}
  for (const line of res.headers.getSetCookie()) {
    const [pair = ''] = line.split(';')
    const [name = '', value = ''] = pair.split('=')
    jar[name.trim()] = value
  }
  return jar
}

export const cookieHeader = (jar: Record<string, string>) =>
  Object.entries(jar)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}=${v}`)
    .join('; ')
