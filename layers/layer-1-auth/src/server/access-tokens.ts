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
}

/**
 * Access tokens: HS256 JWTs, 15 min, bound to their session by `sid`. The signing key is
 * imported once as a CryptoKey.
 */
export class AccessTokens {
  private constructor(
    private readonly key: webcrypto.CryptoKey,
    private readonly revocations: SessionRevocations,
    private readonly accessSeconds: number,
  ) {}

  /** @param accessSeconds access-token lifetime @default AUTH_LIMITS.accessTokenSeconds */
  static async create(
    secret: string,
    revocations: SessionRevocations,
    accessSeconds: number = AUTH_LIMITS.accessTokenSeconds,
  ): Promise<AccessTokens> {
    const key = await webcrypto.subtle.importKey(
      'raw',
      deriveKey(secret, 'access-token'),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    )
    return new AccessTokens(key, revocations, accessSeconds)
  }

  /**
   * The access token that goes with a refresh token. Its `jti`, `iat` and `exp` come from that
   * refresh token, so asking twice for the same one (two tabs in the grace window) gives the
   * same token.
   */
  async issue(
    user: { id: string; email: string; isSuperadmin: boolean },
    refresh: Omit<IssuedRefresh, 'token'>,
  ): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(refresh.issuedAt.getTime() / 1000)
    const exp = iat + this.accessSeconds
    const token = await new SignJWT({
      email: user.email,
      sa: user.isSuperadmin,
      sid: refresh.familyId,
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
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        typ: ACCESS_TOKEN_TYPE,
        requiredClaims: ['exp', 'iat', 'sub', 'jti', 'sid'],
      })
      const { email, sa, sid } = payload
      if (typeof email !== 'string' || typeof sa !== 'boolean' || typeof sid !== 'string')
        throw new joseErrors.JWTClaimValidationFailed('claims missing', payload)
      return { sub: payload.sub!, email, sa, jti: payload.jti!, sid }
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
