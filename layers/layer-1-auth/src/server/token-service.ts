import { createHash, randomBytes, randomUUID, webcrypto } from 'node:crypto'
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose'
import { sql, type Kysely, type Transaction } from 'kysely'
import { AppError } from '@stratum/layer-core/server'
import { AuthErrorCode } from '../shared/errors.ts'
import { AUTH_LIMITS } from '../shared/limits.ts'
import type { AuditRecorder } from './audit-recorder.ts'
import { deriveKey } from './keys.ts'
import type { AuthDatabase } from './tables.ts'

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
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url')
const unauthorized = (code: string, message: string) => new AppError(401, code, message)

/**
 * Access tokens (HS256 JWT, 15 min) and refresh tokens (opaque 256-bit, stored hashed, rotated on
 * every use, reuse revokes the family). The signing key is imported once as a CryptoKey.
 */
export class TokenService {
  private constructor(
    private readonly key: webcrypto.CryptoKey,
    private readonly accessSeconds: number,
  ) {}

  static async create(
    secret: string,
    accessSeconds: number = AUTH_LIMITS.accessTokenSeconds,
  ): Promise<TokenService> {
    const key = await webcrypto.subtle.importKey(
      'raw',
      deriveKey(secret, 'access-token'),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    )
    return new TokenService(key, accessSeconds)
  }

  async issueAccess(user: {
    id: string
    email: string
    isSuperadmin: boolean
  }): Promise<{ token: string; expiresAt: Date }> {
    const now = Math.floor(Date.now() / 1000)
    const exp = now + this.accessSeconds
    const token = await new SignJWT({ email: user.email, sa: user.isSuperadmin })
      .setProtectedHeader({ alg: 'HS256', typ: ACCESS_TOKEN_TYPE })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(user.id)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(this.key)
    return { token, expiresAt: new Date(exp * 1000) }
  }

  /** Pinned algorithm, required `exp`, issuer, audience and `typ`; anything else is a 401. */
  async verifyAccess(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        typ: ACCESS_TOKEN_TYPE,
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
      })
      if (typeof payload.email !== 'string' || typeof payload.sa !== 'boolean')
        throw new joseErrors.JWTClaimValidationFailed('claims missing', payload)
      return { sub: payload.sub!, email: payload.email, sa: payload.sa, jti: payload.jti! }
    } catch (error) {
      const expired = error instanceof joseErrors.JWTExpired
      throw unauthorized(
        AuthErrorCode.TOKEN_INVALID,
        expired ? 'Your session has expired; sign in again.' : 'The access token is not valid.',
      )
    }
  }

  /** Starts a refresh-token family (on sign-in) or continues one (on rotation). */
  async issueRefresh(
    db: Kysely<AuthDatabase> | Transaction<AuthDatabase>,
    userId: string,
    familyId: string = randomUUID(),
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url')
    await db
      .insertInto('auth_refresh_tokens')
      .values({
        user_id: userId,
        family_id: familyId,
        token_hash: hashToken(token),
        expires_at: new Date(Date.now() + AUTH_LIMITS.refreshTokenDays * 86_400_000),
      })
      .execute()
    return token
  }

  /**
   * Uses a refresh token once. Consumption is one atomic UPDATE, so two concurrent uses cannot
   * both succeed; a token that was already used revokes its whole family, and `audit` records
   * that (`auth.refresh_token.reused`, acted by the token's user).
   */
  async rotateRefresh(
    db: Kysely<AuthDatabase>,
    token: string,
    audit: AuditRecorder,
  ): Promise<{ userId: string; refreshToken: string }> {
    const hash = hashToken(token)
    const outcome = await db.transaction().execute(async (trx) => {
      const used = await trx
        .updateTable('auth_refresh_tokens')
        .set({ used_at: sql`now()` })
        .where('token_hash', '=', hash)
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        .returning(['user_id', 'family_id'])
        .executeTakeFirst()
      if (used)
        return {
          status: 'rotated' as const,
          userId: used.user_id,
          refreshToken: await this.issueRefresh(trx, used.user_id, used.family_id),
        }
      const known = await trx
        .selectFrom('auth_refresh_tokens')
        .select(['user_id', 'family_id', 'used_at', 'revoked_at'])
        .where('token_hash', '=', hash)
        .executeTakeFirst()
      if (known?.used_at && !known.revoked_at) {
        await trx
          .updateTable('auth_refresh_tokens')
          .set({ revoked_at: sql`now()` })
          .where('family_id', '=', known.family_id)
          .where('revoked_at', 'is', null)
          .execute()
        return { status: 'reused' as const, userId: known.user_id }
      }
      return { status: 'invalid' as const }
    })
    if (outcome.status === 'invalid')
      throw unauthorized(
        AuthErrorCode.REFRESH_TOKEN_INVALID,
        'The session is no longer valid; sign in again.',
      )
    if (outcome.status === 'reused') {
      // Recorded after the commit: the revocation stands even if a sink fails.
      await audit({
        action: 'auth.refresh_token.reused',
        actorId: outcome.userId,
        target: { type: 'user', id: outcome.userId },
        reason: 'A rotated refresh token was used again, so its whole session family was revoked.',
      })
      throw unauthorized(
        AuthErrorCode.REFRESH_TOKEN_REUSED,
        'This session was ended because an old sign-in token was used again; sign in again.',
      )
    }
    return { userId: outcome.userId, refreshToken: outcome.refreshToken }
  }

  /**
   * Revokes every token of the family the given refresh token belongs to (logout).
   * @returns the family's user when a live session ended, undefined when there was none
   */
  async revokeFamily(
    db: Kysely<AuthDatabase>,
    token: string,
  ): Promise<{ userId: string } | undefined> {
    const row = await db
      .selectFrom('auth_refresh_tokens')
      .select(['user_id', 'family_id'])
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirst()
    if (!row) return undefined
    const { numUpdatedRows } = await db
      .updateTable('auth_refresh_tokens')
      .set({ revoked_at: sql`now()` })
      .where('family_id', '=', row.family_id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return numUpdatedRows > 0n ? { userId: row.user_id } : undefined
  }
}
