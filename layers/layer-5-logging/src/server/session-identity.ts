import type { Context, MiddlewareHandler } from 'hono'
import type { AuthPrincipal } from '@stratum/layer-auth/server'
import type { TenantDb } from '@stratum/layer-multitenant/server'

/** Who sent a request, when the session says so; nothing is taken from the payload. */
export interface SessionIdentity {
  userId: string | undefined
  /** The superadmin acting as the user (impersonation). */
  assumedBy: string | undefined
  tenantId: string | undefined
}

/** The auth and tenant services, when those layers are on. */
export interface IdentityDeps {
  requireAuth: MiddlewareHandler | undefined
  currentUser: ((c: Context) => AuthPrincipal) | undefined
  tenantDb: TenantDb | undefined
}

const ANONYMOUS: SessionIdentity = { userId: undefined, assumedBy: undefined, tenantId: undefined }

/**
 * Reads the signed-in user (and the tenant of `X-Tenant-ID`, when the user belongs to it) without
 * refusing a signed-out visitor: browser errors before sign-in matter too.
 */
export async function sessionIdentity(c: Context, deps: IdentityDeps): Promise<SessionIdentity> {
  const { requireAuth, currentUser, tenantDb } = deps
  if (!requireAuth || !currentUser) return ANONYMOUS
  let user: AuthPrincipal | undefined
  try {
    await requireAuth(c, async () => {
      user = currentUser(c)
    })
  } catch {
    // Signed out or an expired token: the entry is kept without a user.
  }
  if (!user) return ANONYMOUS
  let tenantId: string | undefined
  if (tenantDb && c.req.header('x-tenant-id')) {
    tenantId = await tenantDb.resolve(c).then(
      (context) => context.tenant.id,
      () => undefined,
    )
  }
  return { userId: user.id, assumedBy: user.assumedBy?.id, tenantId }
}
