import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto'
import { sql, type Kysely, type Transaction } from 'kysely'
import { AppError } from '@stratum/layer-core/server'
import { AuthErrorCode } from '../shared/errors.ts'
import { AUTH_LIMITS } from '../shared/limits.ts'
import type { AuditRecorder } from './audit-recorder.ts'
import { deriveKey } from './keys.ts'
import type { SessionRevocations } from './session-revocations.ts'
import type { AuthDatabase } from './tables.ts'

/** How many rotations past the presented token a replay in the grace window may follow. */
const MAX_GRACE_STEPS = 3

/** A refresh token as issued, and the session it continues. */
export interface IssuedRefresh {
  token: string
  /** The family, which is the session: access tokens carry it as `sid`. */
  familyId: string
  /** The token's row id: the `jti` of the access token issued with it. */
  tokenId: string
  /** When the token was issued: the `iat` of the access token issued with it. */
  issuedAt: Date
  /** When the whole session ends whatever its refreshes (an impersonation); undefined: it slides. */
  endsAt?: Date | undefined
}

/** What a new session carries over its rotations. */
export interface SessionOptions {
  /** A fixed end: no refresh token (and so no access token) of the family outlives it. */
  endsAt?: Date | undefined
  /** The browser it was started from, for the sessions list. */
  userAgent?: string | undefined
  /** The client address of the request that issues the token. */
  ip?: string | undefined
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url')
const unauthorized = (code: string, message: string) => new AppError(401, code, message)

type Db = Kysely<AuthDatabase> | Transaction<AuthDatabase>

/**
 * Refresh tokens: opaque 256-bit, stored hashed, rotated on every use; a family is one session,
 * and reuse of a rotated token revokes it.
 */
export class RefreshTokens {
  readonly #successorKey: Buffer

  constructor(
    secret: string,
    private readonly revocations: SessionRevocations,
  ) {
    this.#successorKey = deriveKey(secret, 'refresh-successor')
  }

  /** Starts a refresh-token family (on sign-in, or an impersonation) with a random token. */
  async issue(db: Db, userId: string, session: SessionOptions = {}): Promise<IssuedRefresh> {
    return this.#insert(db, userId, randomUUID(), randomBytes(32).toString('base64url'), session)
  }

  async #insert(
    db: Db,
    userId: string,
    familyId: string,
    token: string,
    session: SessionOptions,
  ): Promise<IssuedRefresh> {
    const issuedAt = new Date()
    const sliding = issuedAt.getTime() + AUTH_LIMITS.refreshTokenDays * 86_400_000
    const endsAt = session.endsAt ? new Date(session.endsAt) : undefined
    const row = await db
      .insertInto('auth_refresh_tokens')
      .values({
        user_id: userId,
        family_id: familyId,
        token_hash: hashToken(token),
        created_at: issuedAt,
        expires_at: new Date(Math.min(sliding, endsAt?.getTime() ?? sliding)),
        session_ends_at: endsAt ?? null,
        user_agent: session.userAgent?.slice(0, 500) ?? null,
        ip: session.ip?.slice(0, 64) ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { token, familyId, tokenId: row.id, issuedAt, endsAt }
  }

  /**
   * The token that replaces `token` on rotation: an HMAC of it under a key derived from the
   * server secret. Deriving it (rather than drawing it at random) lets a replay in the grace
   * window be answered with the same successor although the database keeps only hashes.
   */
  #successor(token: string): string {
    return createHmac('sha256', this.#successorKey).update(token).digest('base64url')
  }

  /**
   * The live token a replayed `token` leads to, following at most a few rotations within its
   * family; undefined when the chain ends in a used, revoked, expired or foreign token.
   */
  async #liveSuccessor(
    trx: Transaction<AuthDatabase>,
    token: string,
    familyId: string,
  ): Promise<(IssuedRefresh & { userId: string }) | undefined> {
    let current = token
    for (let step = 0; step < MAX_GRACE_STEPS; step++) {
      current = this.#successor(current)
      const row = await trx
        .selectFrom('auth_refresh_tokens')
        .select(['id', 'user_id', 'family_id', 'created_at', 'used_at', 'revoked_at'])
        .select('session_ends_at')
        .select(sql<boolean>`expires_at > now()`.as('live'))
        .where('token_hash', '=', hashToken(current))
        .executeTakeFirst()
      if (!row || row.family_id !== familyId || row.revoked_at || !row.live) return undefined
      if (!row.used_at)
        return {
          token: current,
          familyId,
          tokenId: row.id,
          issuedAt: row.created_at,
          endsAt: row.session_ends_at ?? undefined,
          userId: row.user_id,
        }
    }
    return undefined
  }

  /**
   * Uses a refresh token once. Consumption is one atomic UPDATE, so two concurrent uses cannot
   * both rotate it. The loser, or any replay within `AUTH_LIMITS.refreshGraceSeconds` of the
   * rotation, gets the same successor (two tabs refreshing at once). A replay after that window
   * revokes the whole family, ends its access tokens, and `audit` records it
   * (`auth.refresh_token.reused`, acted by the token's user).
   */
  async rotate(
    db: Kysely<AuthDatabase>,
    token: string,
    audit: AuditRecorder,
    /** The client address of the refreshing request: the session's "last used from". */
    ip?: string,
  ): Promise<IssuedRefresh & { userId: string }> {
    const hash = hashToken(token)
    const grace = `${AUTH_LIMITS.refreshGraceSeconds} seconds`
    const outcome = await db.transaction().execute(async (trx) => {
      // A concurrent rotation holds the row lock until it commits; this UPDATE then matches
      // nothing, and the SELECT below (a new snapshot) sees the committed successor.
      const used = await trx
        .updateTable('auth_refresh_tokens')
        .set({ used_at: sql`now()` })
        .where('token_hash', '=', hash)
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        // A logout that ran while this token was being rotated revoked the family without the
        // successor it could not yet see: any revoked member ends the family.
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('auth_refresh_tokens as member')
                .select('member.id')
                .whereRef('member.family_id', '=', 'auth_refresh_tokens.family_id')
                .where('member.revoked_at', 'is not', null),
            ),
          ),
        )
        .returning(['user_id', 'family_id', 'session_ends_at', 'user_agent'])
        .executeTakeFirst()
      if (used) {
        const next = await this.#insert(trx, used.user_id, used.family_id, this.#successor(token), {
          endsAt: used.session_ends_at ?? undefined,
          userAgent: used.user_agent ?? undefined,
          ip,
        })
        return { status: 'rotated' as const, rotated: { ...next, userId: used.user_id } }
      }
      const known = await trx
        .selectFrom('auth_refresh_tokens')
        .select(['user_id', 'family_id', 'used_at', 'revoked_at'])
        .select(sql<boolean>`used_at > now() - ${grace}::interval`.as('in_grace'))
        .where('token_hash', '=', hash)
        .executeTakeFirst()
      if (!known?.used_at || known.revoked_at) return { status: 'invalid' as const }
      const successor = known.in_grace
        ? await this.#liveSuccessor(trx, token, known.family_id)
        : undefined
      if (successor) return { status: 'rotated' as const, rotated: successor }
      await trx
        .updateTable('auth_refresh_tokens')
        .set({ revoked_at: sql`now()` })
        .where('family_id', '=', known.family_id)
        .where('revoked_at', 'is', null)
        .execute()
      return { status: 'reused' as const, userId: known.user_id, familyId: known.family_id }
    })
    if (outcome.status === 'invalid')
      throw unauthorized(
        AuthErrorCode.REFRESH_TOKEN_INVALID,
        'The session is no longer valid; sign in again.',
      )
    if (outcome.status === 'reused') {
      // Recorded after the commit: the revocation stands even if a sink fails.
      await this.revocations.revoke(outcome.familyId)
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
    return outcome.rotated
  }

  /** The session (family) a refresh token belongs to, and its user, whatever its state. */
  async familyOf(db: Db, token: string): Promise<{ userId: string; familyId: string } | undefined> {
    const row = await db
      .selectFrom('auth_refresh_tokens')
      .select(['user_id', 'family_id'])
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirst()
    return row && { userId: row.user_id, familyId: row.family_id }
  }

  /**
   * Revokes every token of the family the given refresh token belongs to (logout), and ends the
   * access tokens of that session.
   * @returns the family's user when a live session ended, undefined when there was none
   */
  async revokeFamily(
    db: Kysely<AuthDatabase>,
    token: string,
  ): Promise<{ userId: string; familyId: string } | undefined> {
    const row = await this.familyOf(db, token)
    if (!row) return undefined
    return (await this.endSession(db, row.familyId)) ? row : undefined
  }

  /**
   * Ends a session by its family id: its refresh tokens are revoked and its access tokens
   * refused from now on.
   * @returns whether a live session ended (false when it had already ended)
   */
  async endSession(db: Db, familyId: string): Promise<boolean> {
    const { numUpdatedRows } = await db
      .updateTable('auth_refresh_tokens')
      .set({ revoked_at: sql`now()` })
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    // Also when the family was already revoked: an earlier entry may not have reached the cache.
    await this.revocations.revoke(familyId)
    return numUpdatedRows > 0n
  }
}
