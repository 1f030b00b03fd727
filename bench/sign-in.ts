/** How the bench talks to a backend the way a browser does: JSON in, JSON out, a Bearer token. */
export interface Caller {
  baseUrl: string
  token?: string
  tenant?: string
}

/** Sends one JSON request and returns the parsed body; throws unless the status is `expected`. */
export const call = async <T>(
  caller: Caller,
  method: string,
  path: string,
  expected: number,
  body?: unknown,
): Promise<T> => {
  const response = await fetch(`${caller.baseUrl}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(caller.token ? { authorization: `Bearer ${caller.token}` } : {}),
      ...(caller.tenant ? { 'x-tenant-id': caller.tenant } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (response.status !== expected)
    throw new Error(`${method} ${path} answered ${response.status}: ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}

/**
 * The first match of `pattern` in the newest dev-mailbox message to `email`. The mailbox exists
 * when SMTP_URL is unset and NODE_ENV is not production, on either database. Mail goes out through
 * the job queue, so it may land a moment after the request that sent it: this polls for up to 15 s.
 */
export const readMail = async (baseUrl: string, email: string, pattern: RegExp) => {
  const deadline = Date.now() + 15_000
  for (;;) {
    const { messages } = await call<{ messages: Array<{ to: string; text: string }> }>(
      { baseUrl },
      'GET',
      '/api/core/dev/mailbox',
      200,
    )
    for (const message of [...messages].reverse()) {
      const match = message.to === email ? pattern.exec(message.text) : null
      if (match?.[1]) return match[1]
    }
    if (Date.now() > deadline)
      throw new Error(`no mail to ${email} matching ${pattern} in the dev mailbox`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** An access token and when it expires (epoch ms). */
export interface Session {
  token: string
  expiresAt: number
}

/**
 * Signs in the way a user does: asks for a code, reads it from the dev mailbox and exchanges it
 * for a session.
 */
export const signIn = async (baseUrl: string, email: string): Promise<Session> => {
  await call({ baseUrl }, 'POST', '/api/auth/request-otp', 202, { email })
  const code = await readMail(baseUrl, email, /\b(\d{6})\b/)
  const session = await call<{ accessToken: string; accessTokenExpiresAt: string }>(
    { baseUrl },
    'POST',
    '/api/auth/verify-otp',
    200,
    { email, code },
  )
  return { token: session.accessToken, expiresAt: Date.parse(session.accessTokenExpiresAt) }
}

/**
 * Bearer headers for `email` that stay valid through a measurement of `seconds`: access tokens
 * live 15 minutes, so it signs in again whenever one would expire during the next measurement.
 * `initial` reuses a session: a second code for the same address within a minute is refused.
 */
export const bearerFor = (baseUrl: string, email: string, initial?: Session) => {
  let session = initial
  return async (seconds: number) => {
    if (!session || session.expiresAt - Date.now() < (seconds + 30) * 1000)
      session = await signIn(baseUrl, email)
    return { authorization: `Bearer ${session.token}` }
  }
}
