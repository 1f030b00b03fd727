import type { Context, MiddlewareHandler } from 'hono'
import { sql, type Kysely } from 'kysely'
import { z } from 'zod'
import {
  AppError,
  requestTransaction,
  setRequestTenant,
  validationError,
  type CacheStore,
  type Database,
  type Logger,
} from '@stratum/layer-core/server'
import type { AuthPrincipal } from '@stratum/layer-auth/server'
import { can, type Resource } from '../shared/can.ts'
import { MultitenantErrorCode } from '../shared/errors.ts'
import type { MultitenantDatabase } from './tables.ts'
import { TenantCache } from './tenant-cache.ts'

/** The tenant a request acts in, the caller's role there and what it grants. */
export interface TenantContext {
  tenant: { id: string; slug: string; name: string; theme: string | null; isActive: boolean }
  role: { id: string; key: string; name: string }
  permissions: string[]
  userId: string
  isSuperadmin: boolean
}

declare module 'hono' {
  interface ContextVariableMap {
    tenantContext: TenantContext
  }
}

/** `X-Tenant-ID` on every tenant-scoped route: documented, so tools (and tests) can find them. */
export const tenantHeaders = z.object({
  'x-tenant-id': z.string().min(1).max(100).describe('Tenant id or slug'),
})

const CACHE_MS = 30_000
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const SUPERADMIN_ROLE = { id: 'superadmin', key: 'superadmin', name: 'Superadmin' }

type TenantRow = TenantContext['tenant'] & { deleted: boolean }
type MemberEntry = { role: TenantContext['role']; permissions: string[] } | null

class Rollback extends Error {}

/** What a {@link TenantDb} is built from. */
export interface TenantDbOptions {
  database: Database
  cache: CacheStore
  /** Hears when the cache is down (lookups then read the database) or misses an invalidation. */
  logger: Logger
  /** The signed-in user of a request that passed `requireAuth`. */
  currentUser: (c: Context) => AuthPrincipal
  requireAuth: MiddlewareHandler
  /**
   * Contributed `afterTenant` middleware (`ctx.stages.afterTenant`): runs once the tenant is known
   * and its transaction is open, before the route's handler.
   * @default undefined (nothing runs)
   */
  afterTenant?: MiddlewareHandler | undefined
}

/**
 * `multitenant.tenantDb`: every tenant-scoped request runs in one transaction that first sets
 * `app.tenant_id` (transaction-local), so row-level security applies and nothing leaks through the
 * pool. Tenant and membership lookups are cached (and invalidated on change), so the per-request
 * overhead stays at two database round trips: BEGIN with the setting, and COMMIT.
 */
export class TenantDb {
  private readonly database: Database
  private readonly cache: TenantCache
  private readonly currentUser: (c: Context) => AuthPrincipal
  private readonly requireAuth: MiddlewareHandler
  private readonly afterTenant: MiddlewareHandler | undefined

  constructor(options: TenantDbOptions) {
    this.database = options.database
    this.cache = new TenantCache(options.cache, options.logger, { ttlMs: CACHE_MS })
    this.currentUser = options.currentUser
    this.requireAuth = options.requireAuth
    this.afterTenant = options.afterTenant
  }

  #raw = () => this.database.db as Kysely<MultitenantDatabase>

  async #tenant(key: string): Promise<TenantRow | undefined> {
    const cacheKey = `mt:tenant:${key.toLowerCase()}`
    const hit = await this.cache.get(cacheKey)
    if (hit) return hit === 'none' ? undefined : (JSON.parse(hit) as TenantRow)
    const row = await this.#raw()
      .selectFrom('tenants')
      .select(['id', 'slug', 'name', 'theme', 'is_active', 'deleted_at'])
      .where(UUID.test(key) ? 'id' : 'slug', '=', key.toLowerCase())
      .executeTakeFirst()
    const tenant = row && {
      id: row.id,
      slug: row.slug,
      name: row.name,
      theme: row.theme,
      isActive: row.is_active,
      deleted: row.deleted_at !== null,
    }
    await this.cache.set(cacheKey, tenant ? JSON.stringify(tenant) : 'none', CACHE_MS)
    return tenant
  }

  async #membership(tenantId: string, userId: string): Promise<MemberEntry> {
    const generation = (await this.cache.get(`mt:gen:${tenantId}`)) ?? '0'
    const cacheKey = `mt:member:${tenantId}:${generation}:${userId}`
    const hit = await this.cache.get(cacheKey)
    if (hit) return JSON.parse(hit) as MemberEntry
    const entry = await this.database.withSettings({ 'app.tenant_id': tenantId }, async (trx) => {
      const rows = await (trx as Kysely<MultitenantDatabase>)
        .selectFrom('tenant_user_roles as m')
        .innerJoin('roles as r', (j) =>
          j.onRef('r.tenant_id', '=', 'm.tenant_id').onRef('r.id', '=', 'm.role_id'),
        )
        .leftJoin('role_permissions as p', (j) =>
          j.onRef('p.tenant_id', '=', 'r.tenant_id').onRef('p.role_id', '=', 'r.id'),
        )
        .select(['r.id', 'r.key', 'r.name', 'p.permission'])
        // Row-level security alone keeps other tenants out (isolation-catalog.test.ts proves it
        // with this query unfiltered); the filter is defence in depth.
        .where('m.tenant_id', '=', tenantId)
        .where('m.user_id', '=', userId)
        .execute()
      const first = rows[0]
      return first
        ? {
            role: { id: first.id, key: first.key, name: first.name },
            permissions: rows.flatMap((r) => (r.permission ? [r.permission] : [])),
          }
        : null
    })
    await this.cache.set(cacheKey, JSON.stringify(entry), CACHE_MS)
    return entry
  }

  /**
   * Forget cached tenant rows and memberships after a change (all replicas share the cache). Never
   * fails for a cache that is down: the change stands, and stale entries expire within CACHE_MS.
   */
  async invalidate(tenant: { id: string; slug?: string }): Promise<void> {
    await this.cache.invalidate(tenant.id, async (cache) => {
      await cache.increment(`mt:gen:${tenant.id}`, 7 * 86_400_000)
      await cache.delete(
        `mt:tenant:${tenant.id}`,
        ...(tenant.slug ? [`mt:tenant:${tenant.slug}`] : []),
      )
    })
  }

  /** Resolves the tenant named by `X-Tenant-ID` and the caller's place in it. */
  async resolve(c: Context): Promise<TenantContext> {
    const user = this.currentUser(c)
    const key = c.req.header('x-tenant-id')?.trim()
    if (!key)
      throw new AppError(
        400,
        MultitenantErrorCode.TENANT_REQUIRED,
        'Name the tenant in the X-Tenant-ID header.',
      )
    // Scoped middleware runs before the route's validators: check the header's shape here, or
    // an overlong one would be looked up and answered 404.
    const header = tenantHeaders.safeParse({ 'x-tenant-id': key })
    if (!header.success) throw validationError(header.error, 'header')
    const tenant = await this.#tenant(key)
    if (!tenant || tenant.deleted)
      throw new AppError(404, MultitenantErrorCode.TENANT_NOT_FOUND, `There is no tenant '${key}'.`)
    if (!tenant.isActive)
      throw new AppError(
        403,
        MultitenantErrorCode.TENANT_INACTIVE,
        `The tenant '${tenant.slug}' is inactive.`,
      )
    const { deleted: _deleted, ...publicTenant } = tenant
    if (user.isSuperadmin)
      return {
        tenant: publicTenant,
        role: SUPERADMIN_ROLE,
        permissions: ['*'],
        userId: user.id,
        isSuperadmin: true,
      }
    const member = await this.#membership(tenant.id, user.id)
    if (!member)
      throw new AppError(
        403,
        MultitenantErrorCode.TENANT_ACCESS_DENIED,
        `You are not a member of '${tenant.slug}'.`,
      )
    return { tenant: publicTenant, ...member, userId: user.id, isSuperadmin: false }
  }

  /**
   * Middleware for tenant-scoped routes: authentication, tenant context, then the rest of the
   * request inside the tenant transaction, which core knows as the request's transaction (audit
   * sinks write in it). Contributed `afterTenant` middleware runs first, inside the transaction.
   * An error response rolls the transaction back.
   */
  readonly scope: MiddlewareHandler = async (c, next) => {
    await this.requireAuth(c, async () => {
      const context = await this.resolve(c)
      c.set('tenantContext', context)
      try {
        await this.database.withSettings({ 'app.tenant_id': context.tenant.id }, async (trx) => {
          setRequestTenant(c, context.tenant.id, trx)
          if (this.afterTenant) {
            // Called by hand, so a response it returns (instead of calling next) is kept here.
            const answered = await this.afterTenant(c, next)
            if (answered) c.res = answered
          } else {
            await next()
          }
          if (c.error || c.res.status >= 400) throw new Rollback()
        })
      } catch (error) {
        if (!(error instanceof Rollback)) throw error
      } finally {
        // Committed or rolled back: nothing may write through it any more.
        c.set('transaction', undefined)
      }
    })
  }

  /** The request's tenant transaction: all tenant data goes through it. */
  db<DB = MultitenantDatabase>(c: Context): Kysely<DB> {
    const trx = requestTransaction(c)
    if (!trx)
      throw new Error('tenantDb.db() called outside a tenant-scoped route (add tenantDb.scope).')
    return trx as Kysely<DB>
  }

  context(c: Context): TenantContext {
    return c.get('tenantContext')
  }

  /** Runs `fn` in a transaction of the given tenant, outside a request (seeds, jobs). */
  run<T, DB = MultitenantDatabase>(
    tenantId: string,
    fn: (trx: Kysely<DB>) => Promise<T>,
  ): Promise<T> {
    return this.database.withSettings({ 'app.tenant_id': tenantId }, (trx) => fn(trx as Kysely<DB>))
  }

  /**
   * Throws 403 naming the missing permission unless `can()` allows it; resource policies are read
   * (inside the tenant transaction) only when the role alone does not decide.
   */
  async authorize(c: Context, permission: string, resource?: Resource): Promise<void> {
    const ctx = this.context(c)
    const subject = {
      userId: ctx.userId,
      isSuperadmin: ctx.isSuperadmin,
      permissions: ctx.permissions,
    }
    if (can(subject, permission, resource)) return
    if (resource) {
      const policies = await this.db(c)
        .selectFrom('resource_policies')
        .select([
          'resource_type',
          'resource_id',
          'can_view',
          'can_edit',
          'can_delete',
          'expires_at',
        ])
        .where('user_id', '=', ctx.userId)
        .where('resource_type', '=', resource.type)
        .where('resource_id', '=', resource.id)
        .where((eb) =>
          eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]),
        )
        .execute()
      const mapped = policies.map((p) => ({
        resourceType: p.resource_type,
        resourceId: p.resource_id,
        canView: p.can_view,
        canEdit: p.can_edit,
        canDelete: p.can_delete,
        expiresAt: p.expires_at ? new Date(p.expires_at).toISOString() : null,
      }))
      if (can({ ...subject, policies: mapped }, permission, resource)) return
    }
    throw new AppError(
      403,
      MultitenantErrorCode.PERMISSION_DENIED,
      `You need the permission '${permission}' for this.`,
      { permission },
    )
  }

  /** Middleware: 403 unless the caller's role grants `permission` in the current tenant. */
  requirePermission(permission: string): MiddlewareHandler {
    return async (c, next) => {
      await this.authorize(c, permission)
      await next()
    }
  }
}
