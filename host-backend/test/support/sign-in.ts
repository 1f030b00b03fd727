import type { TestHost } from './test-host.ts'

/** A signed-in test user: their id, bearer token, and headers for a tenant. */
export interface SignedIn {
  userId: string
  email: string
  token: string
  headers(tenant?: string, extra?: Record<string, string>): Record<string, string>
}

let ipCounter = 0

/**
 * Signs in through the real one-time-code flow, reading the code from the dev mailbox (the
 * default mail transport of test hosts). Each call comes from its own client address.
 */
export async function signIn(t: TestHost, email: string): Promise<SignedIn> {
  const ip = `10.200.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`
  const json = { 'content-type': 'application/json' }
  const requested = await t.request(
    '/api/auth/request-otp',
    { method: 'POST', headers: json, body: JSON.stringify({ email }) },
    ip,
  )
  if (requested.status !== 202)
    throw new Error(`request-otp for ${email}: ${requested.status} ${await requested.text()}`)
  // The code mail is sent by a job worker once the request committed.
  await t.host.platform.jobs.whenIdle()
  const mail = t.host.platform.mail.mailbox?.list().find((m) => m.to === email)
  const code = mail && /\b(\d{6})\b/.exec(mail.text)?.[1]
  if (!code) throw new Error(`no code mailed to ${email}`)
  const verified = await t.request(
    '/api/auth/verify-otp',
    { method: 'POST', headers: json, body: JSON.stringify({ email, code }) },
    ip,
  )
  if (verified.status !== 200)
    throw new Error(`verify-otp for ${email}: ${verified.status} ${await verified.text()}`)
  const body = (await verified.json()) as { accessToken: string; user: { id: string } }
  return {
    userId: body.user.id,
    email,
    token: body.accessToken,
    headers: (tenant, extra = {}) => ({
      authorization: `Bearer ${body.accessToken}`,
      ...(tenant ? { 'x-tenant-id': tenant } : {}),
      ...extra,
    }),
  }
}
