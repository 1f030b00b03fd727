import type { Context } from 'hono'
import type { Kysely } from 'kysely'

/**
 * What core learns about tenants from the layer that owns them (layer 2 registers it at init),
 * so core works with multitenant disabled and never reads a tenant table itself.
 */
export interface TenantDirectory {
  /**
   * The tenant the request names (`X-Tenant-ID`) when the caller is signed in and a member of
   * it, or a superadmin; `undefined` otherwise. Never throws: a stranger learns nothing.
   */
  memberTenant(c: Context): Promise<string | undefined>
  /**
   * Live tenants among `ids` (deleted and unknown ones are left out), read through `db` when
   * given: a transaction in progress (PGlite has one connection, which it holds).
   */
  describe(
    ids: readonly string[],
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    db?: Kysely<any>,
  ): Promise<ReadonlyMap<string, { slug: string; name: string }>>
}
