import { webcrypto } from 'node:crypto'
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose'
import { AppError } from '@stratum/layer-core/server'
import { AuthErrorCode } from '../shared/errors.ts'
import { AUTH_LIMITS } from '../shared/limits.ts'
import { deriveKey } from './keys.ts'
import type { IssuedRefresh } from './refresh-tokens.ts'
import type { SessionRevocations } from './session-revocations.ts'

export const ACCESS_TOKEN_TYPE = 'at+jwt'
const ISSUER = 'stratum'
const AUDIENCE = 'stratum-api'

/** Who an access token speaks for; enough to authorise without a database round trip. */
export interface AccessClaims {
  sub: string
  email: string
  /** Superadmin flag at the time the token was issued. */
  sa: boolean
  jti: string
  /** The session (refresh-token family) the token belongs to; ending it refuses the token. */
  sid: string
  /**
   * The real identity behind `sub` during an impersonation (RFC 8693 §4.1, the actor claim): the
   * superadmin acting as the user.
   */
  act?: Actor
}

/** The superadmin acting as a token's subject. */
export interface Actor {
  sub: string
  email: string
}

const isActor = (value: unknown): value is Actor =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Actor).sub === 'string' &&
  typeof (value as Actor).email === 'string'

interface Verified {
  claims: Readonly<AccessClaims>
  /** `exp` in epoch ms: the token is refused from then on, as jose refuses it. */
  expiresAt: number
}

/**
 * Access tokens: HS256 JWTs, 15 min, bound to their session by `sid`. The signing key is
 * imported once as a CryptoKey. A verified token's claims are kept (at most `maxVerified`
 * tokens) until it expires, so the signature check, a WebCrypto call that leaves the main thread,
 * is paid once per token rather than once per request; whether its session has ended is still
 * asked on every request.
 */
export class AccessTokens {
  /** Verified tokens by their full text: a token changed in any byte is not found here. */
  readonly #verified = new Map<string, Verified>()

  private constructor(
    private readonly key: webcrypto.CryptoKey,
    private readonly revocations: SessionRevocations,
    private readonly accessSeconds: number,
    private readonly maxVerified: number,
  ) {}

  /**
   * @param accessSeconds access-token lifetime @default AUTH_LIMITS.accessTokenSeconds
   * @param maxVerified verified tokens whose claims are kept @default 10000
   */
  static async create(
    secret: string,
    revocations: SessionRevocations,
    accessSeconds: number = AUTH_LIMITS.accessTokenSeconds,
    maxVerified = 10_000,
  ): Promise<AccessTokens> {
    const key = await webcrypto.subtle.importKey(
      'raw',
      deriveKey(secret, 'access-token'),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    )
    return new AccessTokens(key, revocations, accessSeconds, maxVerified)
  }

  /**
   * The access token that goes with a refresh token. Its `jti`, `iat` and `exp` come from that
   * refresh token, so asking twice for the same one (two tabs in the grace window) gives the
   * same token. A session with a fixed end (an impersonation) caps `exp` at it, and `act` names
   * the superadmin acting as the user.
   */
  async issue(
    user: { id: string; email: string; isSuperadmin: boolean },
    refresh: Omit<IssuedRefresh, 'token'>,
    act?: Actor,
  ): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(refresh.issuedAt.getTime() / 1000)
    const end = refresh.endsAt ? Math.floor(refresh.endsAt.getTime() / 1000) : Infinity
    const exp = Math.min(iat + this.accessSeconds, end)
    const token = await new SignJWT({
      email: user.email,
      sa: user.isSuperadmin,
      sid: refresh.familyId,
      ...(act ? { act: { sub: act.sub, email: act.email } } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: ACCESS_TOKEN_TYPE })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(user.id)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(refresh.tokenId)
      .sign(this.key)
    return { token, expiresAt: new Date(exp * 1000) }
  }

  /**
   * Pinned algorithm, required `exp`, issuer, audience, `typ` and `sid`; anything else is a 401.
   * Tokens issued before sessions were bound (no `sid`) are refused too: the client's refresh
   * replaces them at once, and accepting them would leave logout without effect on them.
   * Whether the session has ended is `requireAuth`'s question, not this one.
   */
  async verify(token: string): Promise<AccessClaims> {
    const known = this.#verified.get(token)
    if (known) {
      if (Date.now() < known.expiresAt) return known.claims
      this.#verified.delete(token)
    }
    return this.#keep(token, await this.#check(token))
  }

  #keep(token: string, checked: AccessClaims & { exp: number }): Readonly<AccessClaims> {
    if (this.#verified.size >= this.maxVerified) {
      const now = Date.now()
      for (const [kept, { expiresAt }] of this.#verified)
        if (expiresAt <= now) this.#verified.delete(kept)
      // Still full: forget the oldest (the map keeps insertion order).
      const oldest = this.#verified.keys().next()
      if (this.#verified.size >= this.maxVerified && !oldest.done)
        this.#verified.delete(oldest.value)
    }
    const { exp, ...rest } = checked
    const claims = Object.freeze(rest)
    this.#verified.set(token, { claims, expiresAt: exp * 1000 })
    return claims
  }

  async #check(token: string): Promise<AccessClaims & { exp: number }> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        typ: ACCESS_TOKEN_TYPE,
        requiredClaims: ['exp', 'iat', 'sub', 'jti', 'sid'],
      })
      const { email, sa, sid, act } = payload
      if (typeof email !== 'string' || typeof sa !== 'boolean' || typeof sid !== 'string')
        throw new joseErrors.JWTClaimValidationFailed('claims missing', payload)
      if (act !== undefined && !isActor(act))
        throw new joseErrors.JWTClaimValidationFailed('act malformed', payload)
      const claims = { sub: payload.sub!, email, sa, jti: payload.jti!, sid, exp: payload.exp! }
      return act ? { ...claims, act: Object.freeze({ sub: act.sub, email: act.email }) } : claims
    } catch (error) {
      const expired = error instanceof joseErrors.JWTExpired
      throw new AppError(
        401,
        AuthErrorCode.TOKEN_INVALID,
        expired ? 'Your session has expired; sign in again.' : 'The access token is not valid.',
      )
    }
  }

  /** Whether the session an access token belongs to has ended (logout, reuse detected). */
  isSessionRevoked(sid: string): Promise<boolean> {
    return this.revocations.isRevoked(sid)
  }
}
