import type { Context, MiddlewareHandler } from 'hono'
import { sql, type Kysely } from 'kysely'
import { z } from 'zod'
import {
  AppError,
  layerDisabledError,
  requestQueryObserver,
  requestTransaction,
  setRequestTenant,
  validationError,
  type CacheStore,
  type Database,
  type LayerSwitches,
  type Logger,
  type TransactionOptions,
} from '@stratum/layer-core/server'
import type { AuthPrincipal } from '@stratum/layer-auth/server'
import { can, type Resource, type ResourcePolicy, type Subject } from '../shared/can.ts'
import { MultitenantErrorCode } from '../shared/errors.ts'
import type { MultitenantDatabase } from './tables.ts'
import { GenerationMemo } from './generation-memo.ts'
import { generationKey, TenantCache } from './tenant-cache.ts'
import type { CataloguePermission } from './permission-catalogue.ts'
import { withoutSwitchedOff } from './switched-off-permissions.ts'
import type { TenantChanges } from './tenant-changes.ts'
import type { ResponseMemo } from './response-memo.ts'

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
/** The longest a cached tenant-scoped answer is used, whatever else holds. */
const RESPONSE_MAX_AGE_MS = 60_000
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const SUPERADMIN_ROLE = { id: 'superadmin', key: 'superadmin', name: 'Superadmin' }

type TenantRow = TenantContext['tenant'] & { deleted: boolean }
type MemberEntry = { role: TenantContext['role']; permissions: string[] } | null

class Rollback extends Error {}

/**
 * The transaction settings every tenant-scoped request carries, set with
 * `set_config(name, value, true)` in the round trip that opens its transaction, so triggers,
 * policies and contributed middleware can read them with `current_setting(name, true)`:
 * `app.tenant_id` (the tenant row-level security admits), `app.user_id` (the signed-in user),
 * `app.assumed_by` (the superadmin acting as that user, during an impersonation),
 * `app.request_id` (core's request id, as in `X-Request-ID`) and `app.ip` (the client address
 * core resolved, behind trusted proxies too). One that is empty is not set.
 */
export function requestSettings(c: Context, context: TenantContext): Record<string, string> {
  const settings: Record<string, string> = { 'app.tenant_id': context.tenant.id }
  const optional = {
    'app.user_id': context.userId,
    'app.assumed_by': c.get('assumedBy'),
    'app.request_id': c.get('requestId'),
    'app.ip': c.get('clientIp'),
  }
  for (const [name, value] of Object.entries(optional))
    // A NUL cannot travel in a setting; no sane id or address holds one.
    if (value && !value.includes('\0')) settings[name] = value
  return settings
}

/** Cached entries are shared by concurrent requests: none of them may change one. */
const frozenMember = (entry: MemberEntry): MemberEntry =>
  entry &&
  Object.freeze({
    role: Object.freeze(entry.role),
    permissions: Object.freeze(entry.permissions) as string[],
  })

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
   * How long this process trusts a tenant's generation before asking the shared cache again: the
   * longest a change made on another replica goes unnoticed here.
   * @default 1000
   */
  freshMs?: number | undefined
  /**
   * Contributed `afterTenant` middleware (`ctx.stages.afterTenant`): runs once the tenant is known
   * and its transaction is open, before the route's handler.
   * @default undefined (nothing runs)
   */
  afterTenant?: MiddlewareHandler | undefined
  /**
   * Run-time layer switches (`core.layerSwitches`): a route of a layer off for the tenant answers
   * 404 `LAYER_DISABLED`, and the permissions such layers contributed are not granted.
   * @default undefined (every layer on)
   */
  layerSwitches?: Pick<LayerSwitches, 'isOn' | 'mayDiffer' | 'version'> | undefined
  /** The permission catalogue, to know which layer contributed a permission. @default [] */
  permissions?: readonly CataloguePermission[] | undefined
  /**
   * Changes to tenant data as PostgreSQL announces them: with {@link responses}, what lets
   * {@link TenantDb.cachedReadScope} answer from memory.
   * @default undefined (every read goes to the database)
   */
  changes?: TenantChanges | undefined
  /** Where cached answers are kept. @default undefined (none are) */
  responses?: ResponseMemo | undefined
}

/** How a tenant scope runs its route: the transaction's options, and whether answers are kept. */
interface ScopeOptions extends TransactionOptions {
  cached?: boolean
}

/**
 * `multitenant.tenantDb`: every tenant-scoped request runs in one transaction that first sets
 * `app.tenant_id` (transaction-local), so row-level security applies and nothing leaks through the
 * pool. Tenant and membership lookups are cached (and invalidated on change), so the per-request
 * overhead is COMMIT's round trip: on PostgreSQL, BEGIN and the settings ride with the first
 * statement (`Database.withSettings`).
 *
 * Two cache levels: the shared cache (Redis with replicas) and, in front of it, this process's
 * memory, whose entries hold only while their tenant's generation is the one they were read
 * under. The generation is checked in the shared cache at most once per `freshMs` per tenant, so
 * most requests make no cache round trip; a change made on another replica shows here within
 * that time, one made here at once.
 */
export class TenantDb {
  private readonly database: Database
  private readonly cache: TenantCache
  private readonly currentUser: (c: Context) => AuthPrincipal
  private readonly requireAuth: MiddlewareHandler
  private readonly afterTenant: MiddlewareHandler | undefined
  private readonly switches: TenantDbOptions['layerSwitches']
  private readonly catalogue: readonly CataloguePermission[]
  private readonly changes: TenantChanges | undefined
  private readonly responses: ResponseMemo | undefined
  /** A grant list joined for cache keys, once per list (lists are frozen and reused). */
  readonly #permissionKeys = new WeakMap<readonly string[], string>()
  /** A role's grants with switched-off layers' permissions removed, per state of the switches. */
  readonly #granted = new WeakMap<
    readonly string[],
    { version: number; tenantId: string; permissions: string[] }
  >()
  /** Tenant rows by lower-cased id or slug. */
  readonly #tenants = new GenerationMemo<TenantRow>({ maxAgeMs: CACHE_MS })
  /** Memberships by `<tenant id>:<user id>`. */
  readonly #members = new GenerationMemo<MemberEntry>({ maxAgeMs: CACHE_MS })

  constructor(options: TenantDbOptions) {
    this.database = options.database
    this.cache = new TenantCache(options.cache, options.logger, {
      ttlMs: CACHE_MS,
      freshMs: options.freshMs,
    })
    this.currentUser = options.currentUser
    this.requireAuth = options.requireAuth
    this.afterTenant = options.afterTenant
    this.switches = options.layerSwitches
    this.catalogue = options.permissions ?? []
    this.changes = options.changes
    // Contributed afterTenant middleware runs inside the transaction on every request: an answer
    // from memory would skip it, so none is kept while there is any.
    this.responses = options.afterTenant ? undefined : options.responses
  }

  /** The grants as they stand for the tenant: the common case (everything on) costs one check. */
  #permissionsIn(tenantId: string, granted: string[]): string[] {
    const switches = this.switches
    if (!switches || !switches.mayDiffer(tenantId)) return granted
    const known = this.#granted.get(granted)
    if (known && known.version === switches.version && known.tenantId === tenantId)
      return known.permissions
    const permissions = Object.freeze(
      withoutSwitchedOff(granted, this.catalogue, (layer) => switches.isOn(layer, tenantId)),
    ) as string[]
    this.#granted.set(granted, { version: switches.version, tenantId, permissions })
    return permissions
  }

  #raw = () => this.database.db as Kysely<MultitenantDatabase>

  async #tenant(key: string): Promise<TenantRow | undefined> {
    const lower = key.toLowerCase()
    // The generation is read before the row, so a row is never tagged newer than it is; a slug
    // seen for the first time names no tenant yet, and its row is checked once more next time.
    const id = this.#tenants.peek(lower)?.id ?? (UUID.test(lower) ? lower : undefined)
    const generation = id === undefined ? undefined : await this.cache.generation(id)
    const known = generation === undefined ? undefined : this.#tenants.get(lower, generation)
    if (known) return known
    const tenant = await this.#readTenant(lower)
    if (tenant) this.#tenants.set(lower, tenant.id === id ? generation : undefined, tenant)
    return tenant
  }

  async #readTenant(lower: string): Promise<TenantRow | undefined> {
    const cacheKey = `mt:tenant:${lower}`
    const hit = await this.cache.get(cacheKey)
    if (hit) return hit === 'none' ? undefined : Object.freeze(JSON.parse(hit) as TenantRow)
    const row = await this.#raw()
      .selectFrom('tenants')
      .select(['id', 'slug', 'name', 'theme', 'is_active', 'deleted_at'])
      .where(UUID.test(lower) ? 'id' : 'slug', '=', lower)
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
    return tenant && Object.freeze(tenant)
  }

  async #membership(tenantId: string, userId: string): Promise<MemberEntry> {
    const generation = await this.cache.generation(tenantId)
    const memoKey = `${tenantId}:${userId}`
    if (generation !== undefined) {
      const known = this.#members.get(memoKey, generation)
      if (known !== undefined) return known
    }
    const entry = await this.#readMembership(tenantId, userId, generation)
    if (generation !== undefined) this.#members.set(memoKey, generation, entry)
    return entry
  }

  /** From the shared cache under `generation`, else the database; `undefined`: cache down. */
  async #readMembership(
    tenantId: string,
    userId: string,
    generation: string | undefined,
  ): Promise<MemberEntry> {
    const cacheKey = `mt:member:${tenantId}:${generation}:${userId}`
    const hit = generation === undefined ? undefined : await this.cache.get(cacheKey)
    if (hit) return frozenMember(JSON.parse(hit) as MemberEntry)
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
    if (generation !== undefined) await this.cache.set(cacheKey, JSON.stringify(entry), CACHE_MS)
    return frozenMember(entry)
  }

  /**
   * Forget cached tenant rows and memberships after a change (all replicas share the cache). Never
   * fails for a cache that is down: the change stands, and stale entries expire within CACHE_MS.
   */
  async invalidate(tenant: { id: string; slug?: string }): Promise<void> {
    const shared = await this.cache.invalidate(tenant.id, async (cache) => {
      // Rows first: a reader that sees the new generation then finds no old row to tag with it.
      await cache.delete(
        `mt:tenant:${tenant.id}`,
        ...(tenant.slug ? [`mt:tenant:${tenant.slug}`] : []),
      )
      const { count } = await cache.increment(generationKey(tenant.id), 7 * 86_400_000)
      return String(count)
    })
    this.changes?.changed(tenant.id)
    // Without a new generation nothing here could tell its entries old: drop them all (rare).
    if (!shared) {
      this.#tenants.clear()
      this.#members.clear()
    }
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
    return {
      tenant: publicTenant,
      role: member.role,
      permissions: this.#permissionsIn(tenant.id, member.permissions),
      userId: user.id,
      isSuperadmin: false,
    }
  }

  /**
   * Middleware for tenant-scoped routes: authentication, tenant context, then the rest of the
   * request inside the tenant transaction, which core knows as the request's transaction (audit
   * sinks write in it). Contributed `afterTenant` middleware runs first, inside the transaction.
   * An error response rolls the transaction back.
   */
  readonly scope: MiddlewareHandler = this.#scoped({})

  /**
   * {@link scope} for a route that only reads: PostgreSQL refuses any write in its transaction
   * (an `audit(…)` included), and on PostgreSQL each of its statements runs with the tenant's
   * settings in one round trip, with no `BEGIN` or `COMMIT` (`TransactionOptions.readOnly`). For
   * lists and lookups that users open often.
   */
  readonly readScope: MiddlewareHandler = this.#scoped({ readOnly: true })

  /**
   * {@link readScope} whose 200 answers this process keeps, each under the key of everything the
   * answer may depend on: the tenant, the user, their role and grants, the state of the layer
   * switches, the method, path and query. A kept answer is used only while the tenant's data
   * version is the one it was read under (`TenantChanges`: any committed write to a watched
   * table moves it, from any process), for 60 s at most, and never past the moment one of the
   * user's resource policies in the tenant expires. While changes cannot be heard, nothing is
   * kept. For reads whose answer depends on nothing else: not on the time (no `now()` but for
   * policy expiry), and only on tables that announce their changes (`watchTenantData`).
   */
  readonly cachedReadScope: MiddlewareHandler = this.#scoped({ readOnly: true, cached: true })

  #scoped({ cached, ...options }: ScopeOptions): MiddlewareHandler {
    return async (c, next) => {
      // Read here, not above: the scopes are made as fields, before the constructor's body runs.
      const responses = cached ? this.responses : undefined
      await this.requireAuth(c, async () => {
        const context = await this.resolve(c)
        // The layer the host's gate says the route belongs to, switched off for this tenant:
        // the same 404 for members and superadmins, before anything is opened.
        const layerId = c.get('layerId')
        if (layerId && this.switches && !this.switches.isOn(layerId, context.tenant.id))
          throw layerDisabledError(layerId)
        c.set('tenantContext', context)
        // Read before the data, so an answer is never kept under a version newer than it is.
        const version =
          responses && c.req.method === 'GET' ? this.changes?.version(context.tenant.id) : undefined
        const key = version === undefined ? undefined : this.#responseKey(c, context)
        if (key !== undefined) {
          const kept = responses!.get(key, version!)
          if (kept) {
            c.res = c.body(kept.body, 200, { 'content-type': kept.contentType })
            return
          }
        }
        let keepUntil: number | undefined
        try {
          await this.database.withSettings(
            requestSettings(c, context),
            async (trx) => {
              setRequestTenant(c, context.tenant.id, trx)
              if (this.afterTenant) {
                // Called by hand, so a response it returns (instead of calling next) is kept here.
                const answered = await this.afterTenant(c, next)
                if (answered) c.res = answered
              } else {
                await next()
              }
              if (c.error || c.res.status >= 400) throw new Rollback()
              if (key !== undefined && keepable(c.res))
                keepUntil = await keptAnswerExpiry(trx as Kysely<MultitenantDatabase>, context)
            },
            requestQueryObserver(c),
            options,
          )
          // Committed: this process's own answers for the tenant are old from now on, before the
          // notification of the commit comes back.
          if (!options.readOnly) this.changes?.changed(context.tenant.id)
        } catch (error) {
          if (!(error instanceof Rollback)) throw error
        } finally {
          // Committed or rolled back: nothing may write through it any more.
          c.set('transaction', undefined)
        }
        if (keepUntil !== undefined && key !== undefined) {
          const body = await c.res.clone().text()
          const contentType = c.res.headers.get('content-type') ?? 'application/json'
          responses!.set(key, version!, { body, contentType }, keepUntil)
        }
      })
    }
  }

  /** Everything a cached answer may depend on besides the tenant's data. */
  #responseKey(c: Context, context: TenantContext): string {
    let grants = this.#permissionKeys.get(context.permissions)
    if (grants === undefined) {
      grants = context.permissions.join(',')
      this.#permissionKeys.set(context.permissions, grants)
    }
    const url = c.req.url
    const path = url.slice(url.indexOf('/', url.indexOf('//') + 2))
    return `${context.tenant.id} ${context.userId} ${context.role.id} ${grants} ${this.switches?.version ?? 0} ${c.req.method} ${path}`
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
  async run<T, DB = MultitenantDatabase>(
    tenantId: string,
    fn: (trx: Kysely<DB>) => Promise<T>,
  ): Promise<T> {
    const result = await this.database.withSettings({ 'app.tenant_id': tenantId }, (trx) =>
      fn(trx as Kysely<DB>),
    )
    this.changes?.changed(tenantId)
    return result
  }

  /** The caller as `can()` sees them in the request's tenant (role permissions, no policies). */
  subject(c: Context): Subject {
    const ctx = this.context(c)
    return { userId: ctx.userId, isSuperadmin: ctx.isSuperadmin, permissions: ctx.permissions }
  }

  /**
   * The caller's live (unexpired) resource policies on the given resources of one type, read in
   * the tenant transaction with one query: what `can()` needs beyond the role.
   */
  async policiesOn(c: Context, type: string, ids: readonly string[]): Promise<ResourcePolicy[]> {
    if (ids.length === 0) return []
    const policies = await this.db(c)
      .selectFrom('resource_policies')
      .select(['resource_type', 'resource_id', 'can_view', 'can_edit', 'can_delete', 'expires_at'])
      .where('user_id', '=', this.context(c).userId)
      .where('resource_type', '=', type)
      .where('resource_id', 'in', ids)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
      .execute()
    return policies.map((p) => ({
      resourceType: p.resource_type,
      resourceId: p.resource_id,
      canView: p.can_view,
      canEdit: p.can_edit,
      canDelete: p.can_delete,
      expiresAt: p.expires_at ? new Date(p.expires_at).toISOString() : null,
    }))
  }

  /**
   * Throws 403 naming the missing permission unless `can()` allows it; resource policies are read
   * (inside the tenant transaction) only when the role alone does not decide.
   */
  async authorize(c: Context, permission: string, resource?: Resource): Promise<void> {
    const subject = this.subject(c)
    if (can(subject, permission, resource)) return
    if (resource) {
      const policies = await this.policiesOn(c, resource.type, [resource.id])
      if (can({ ...subject, policies }, permission, resource)) return
    }
    throw new AppError(
      403,
      MultitenantErrorCode.PERMISSION_DENIED,
      `You need the permission '${permission}' for this.`,
      { permission },
    )
  }

  /** Middleware: 403 unless the caller's role grants `permission` in the current tenant. */
  /**
   * A tenant-scoped route's middleware: {@link scope}, or {@link readScope} for a route that only
   * reads, then {@link requirePermission} when the route needs a permission before it reads.
   */
  routeScope(
    permission?: string,
    options: { readOnly?: boolean; cached?: boolean } = {},
  ): MiddlewareHandler[] {
    const scope = options.cached
      ? this.cachedReadScope
      : options.readOnly
        ? this.readScope
        : this.scope
    return permission ? [scope, this.requirePermission(permission)] : [scope]
  }

  requirePermission(permission: string): MiddlewareHandler {
    return async (c, next) => {
      await this.authorize(c, permission)
      await next()
    }
  }
}

/** A 200 JSON answer that sets no cookie: the only kind kept. */
const keepable = (res: Response) =>
  res.status === 200 &&
  !res.headers.has('set-cookie') &&
  (res.headers.get('content-type') ?? '').startsWith('application/json')

/**
 * Until when an answer read now may be kept: 60 s, or less if one of the user's resource policies
 * in the tenant expires sooner (what they may see changes then, with no write to announce it).
 * Read in the request's transaction, as the tenant.
 */
async function keptAnswerExpiry(
  trx: Kysely<MultitenantDatabase>,
  context: TenantContext,
): Promise<number> {
  const limit = Date.now() + RESPONSE_MAX_AGE_MS
  if (context.isSuperadmin) return limit
  const row = await trx
    .selectFrom('resource_policies')
    .select((eb) => eb.fn.min<Date | null>('expires_at').as('next'))
    .where('user_id', '=', context.userId)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst()
  return row?.next ? Math.min(limit, new Date(row.next).getTime()) : limit
}
