import { createHash } from 'node:crypto'
import type { Context } from 'hono'
import { requestHeader } from './fast-header.ts'

// Same shapes the auth layer accepts (layers/layer-1-auth/src/server/require-auth.ts and
// cookies.ts): a Bearer header first, else the access cookie, `__Host-` prefixed over https.
const BEARER = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/
const ACCESS_COOKIE = /(?:^|;\s*)(?:__Host-)?stratum_at=([^;\s]+)/
// A JWT's three base64url parts, of a sane length: anything else is not worth its own counter.
const JWT = /^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}$/
const MAX_TOKEN_LENGTH = 4096

/**
 * The access token a request carries, unverified: the rate limit runs before authentication,
 * and checking a signature for every request would cost more than counting it. `undefined`
 * when there is none or it does not look like one.
 */
export function accessTokenOf(c: Context): string | undefined {
  const header = requestHeader(c, 'authorization')
  const token = header
    ? BEARER.exec(header)?.[1]
    : ACCESS_COOKIE.exec(requestHeader(c, 'cookie') ?? '')?.[1]
  return token && token.length <= MAX_TOKEN_LENGTH && JWT.test(token) ? token : undefined
}

/**
 * A short, stable key for one session's counter: a hash, so the cache never holds the token.
 * A made-up token gets a counter of its own, which is fair: the per-address ceiling still
 * counts every request from the address.
 */
export const sessionKey = (token: string) =>
  createHash('sha256').update(token).digest('base64url').slice(0, 22)
