import type { SessionResponse } from '../shared/schemas.ts'
import type { AccessTokens, Actor } from './access-tokens.ts'
import type { LiveLocales } from './live-locale.ts'
import type { IssuedRefresh } from './refresh-tokens.ts'
import type { AuthUserRow } from './tables.ts'
import { toAuthUser } from './to-auth-user.ts'

/** The access token that goes with a refresh token, and the body of a sign-in or refresh. */
export type SessionAnswer = (
  user: AuthUserRow,
  refresh: Omit<IssuedRefresh, 'token'>,
  act?: Actor,
) => Promise<{ access: { token: string; expiresAt: Date }; body: SessionResponse }>

/** Builds the answer to a sign-in, a refresh, or the start and end of an impersonation. */
export const sessionAnswer =
  (accessTokens: AccessTokens, live: LiveLocales): SessionAnswer =>
  async (user, refresh, act) => {
    const access = await accessTokens.issue(
      { id: user.id, email: user.email, isSuperadmin: user.is_superadmin },
      refresh,
      act,
    )
    return {
      access,
      body: {
        user: toAuthUser(user, live),
        accessToken: access.token,
        accessTokenExpiresAt: access.expiresAt.toISOString(),
      },
    }
  }
