import { sql, type Kysely } from 'kysely'
import type { Logger } from 'winston'
import { CoreErrorCode } from '../../shared/errors.ts'
import type { AdminLayer } from '../../shared/layer-switches-api.ts'
import { isPlatformLayer, type ResolvedLayer } from '../../shared/registry.ts'
import { AppError } from '../app-error.ts'
import { CacheUnavailableError, type CacheStore } from '../platform/cache-store.ts'
import type { Database } from '../platform/database.ts'
import { LayerSwitchState } from './layer-switch-state.ts'
import { readMigrationStates } from './migration-state.ts'
import type { TenantDirectory } from './tenant-directory.ts'
import {
  readSwitchRows,
  writeGlobalSwitch,
  writeTenantSwitch,
  type GlobalSwitchChange,
  type LayerSwitchWrite,
  type OnLayerSwitch,
  type TenantSwitchChange,
} from './layer-switch-writes.ts'

/** The cache key every switch bumps; each replica compares it at most once per `freshMs`. */
export const LAYER_SWITCHES_VERSION_KEY = 'core:layer-switches:version'
const VERSION_TTL_MS = 30 * 86_400_000

/**
 * The settings under which `core_layer_switches` shows every row (its row-level security): the
 * state loader and the superadmin's switches. A tenant's switch is written as that tenant.
 */
const PLATFORM_SCOPE = { 'app.layer_switches': 'all' } as const

/** Who writes a switch: the platform (every row), or the tenant switched (its own row only, by RLS). */
export type LayerSwitchScope = 'platform' | 'tenant'

/** Options of {@link LayerSwitches}. */
export interface LayerSwitchesOptions {
  layers: readonly ResolvedLayer[]
  database: Database
  cache: CacheStore
  logger: Logger
  /** Each layer's migration names, for the migration state in {@link LayerSwitches.snapshot}. */
  migrationNames?: ReadonlyMap<string, readonly string[]> | undefined
  /** How often the version key is compared: the longest another replica's switch goes unseen. @default 1000 */
  freshMs?: number
  /** The state is read again at least this often, whatever the cache says. @default 30000 */
  maxAgeMs?: number
}

/**
 * `core.layerSwitches`: run-time switches over the installed layers, globally and per tenant.
 * `isOn` answers from memory (the hot path pays map lookups); the state is read again when the
 * version key in the shared cache changes, compared at most once per `freshMs`, and at once on
 * the replica that writes. A cache that is down changes nothing: the last known state is served,
 * and read again from the database every `maxAgeMs`.
 */
export class LayerSwitches {
  readonly layers: readonly ResolvedLayer[]
  readonly #database: Database
  readonly #cache: CacheStore
  readonly #logger: Logger
  readonly #migrationNames: ReadonlyMap<string, readonly string[]>
  readonly #freshMs: number
  readonly #maxAgeMs: number
  #state: LayerSwitchState
  /** Bumped whenever the state is replaced: pre-serialised answers compare it. */
  #version = 0
  #seenVersion: string | undefined
  #loadedAt = 0
  #loads = 0
  #refreshing: Promise<void> | undefined
  #timer: NodeJS.Timeout | undefined
  #cacheDown = false
  #directory: TenantDirectory | undefined

  constructor(options: LayerSwitchesOptions) {
    this.layers = options.layers
    this.#database = options.database
    this.#cache = options.cache
    this.#logger = options.logger
    this.#migrationNames = options.migrationNames ?? new Map()
    this.#freshMs = options.freshMs ?? 1000
    this.#maxAgeMs = options.maxAgeMs ?? 30_000
    this.#state = new LayerSwitchState(this.#installed(), [])
  }

  #installed = () => this.layers.map((l) => l.id)
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  #db = () => this.#database.db as Kysely<any>

  /** Reads the state, then compares the version key every `freshMs` until {@link close}. */
  async start(): Promise<void> {
    await this.#checkVersion(true)
    this.#timer = setInterval(() => void this.refresh(), this.#freshMs)
    this.#timer.unref()
  }

  close(): void {
    clearInterval(this.#timer)
    this.#timer = undefined
  }

  /** Whether the layer is on for the tenant (or globally). Synchronous, from memory. */
  isOn(layerId: string, tenantId?: string): boolean {
    return this.#state.isOn(layerId, tenantId)
  }

  /** False when every installed layer is surely on for the tenant: skip per-layer checks. */
  mayDiffer(tenantId: string | undefined): boolean {
    return this.#state.mayDiffer(tenantId)
  }

  /** Whether tenant admins may switch the layer for their tenant. */
  tenantAdminsMaySwitch(layerId: string): boolean {
    return !isPlatformLayer(layerId) && this.#state.tenantAdminsMaySwitch(layerId)
  }

  /** Changes whenever the state in memory does. */
  get version(): number {
    return this.#version
  }

  /** Layer 2 registers how core learns about tenants. */
  setTenantDirectory(directory: TenantDirectory): void {
    this.#directory = directory
  }

  get tenantDirectory(): TenantDirectory | undefined {
    return this.#directory
  }

  /** Compares the version key now (the timer does it every `freshMs`). */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#checkVersion(false).finally(() => (this.#refreshing = undefined))
    return this.#refreshing
  }

  async #checkVersion(initial: boolean): Promise<void> {
    let version: string | undefined
    try {
      version = (await this.#cache.get(LAYER_SWITCHES_VERSION_KEY)) ?? '0'
      if (this.#cacheDown) this.#logger.info('Layer switches: the cache answers again')
      this.#cacheDown = false
    } catch (error) {
      // Whatever the cache does, a request never waits for it or fails: the last state holds.
      if (!this.#cacheDown)
        this.#logger.error('Layer switches: the cache is unavailable; serving the last state', {
          error: error instanceof CacheUnavailableError ? error.message : String(error),
        })
      this.#cacheDown = true
    }
    const old = Date.now() - this.#loadedAt >= this.#maxAgeMs
    if (!initial && !old && (version === undefined || version === this.#seenVersion)) return
    try {
      await this.#load()
      if (version !== undefined) this.#seenVersion = version
    } catch (error) {
      if (initial) throw error
      this.#logger.error('Layer switches: reading the state failed; serving the last one', {
        error: String(error),
      })
    }
  }

  /** Reads every row; a read that a later one overtook is dropped. */
  async #load(): Promise<void> {
    const load = ++this.#loads
    const rows = await this.#readAll()
    if (load !== this.#loads) return
    this.#state = new LayerSwitchState(this.#installed(), rows)
    this.#loadedAt = Date.now()
    this.#version++
  }

  /** Every row, every tenant's included: the state in memory answers for all of them. */
  #readAll = () => this.#database.withSettings(PLATFORM_SCOPE, (trx) => readSwitchRows(trx))

  #layer(id: string): ResolvedLayer {
    const layer = this.layers.find((l) => l.id === id)
    if (!layer)
      throw new AppError(404, CoreErrorCode.NOT_FOUND, `There is no installed layer '${id}'.`)
    return layer
  }

  /** Every installed layer with its switches and migration state, for the System console. */
  async snapshot(): Promise<AdminLayer[]> {
    const rows = await this.#readAll()
    const state = new LayerSwitchState(this.#installed(), rows)
    const tenantIds = [...new Set(rows.flatMap((r) => (r.tenantId ? [r.tenantId] : [])))]
    const tenants = await this.#describe(tenantIds)
    const migrations = await readMigrationStates(this.#db(), this.layers, this.#migrationNames)
    return this.layers.map((layer) => ({
      id: layer.id,
      number: layer.number,
      version: layer.version,
      priority: layer.priority,
      dependsOn: [...layer.dependsOn],
      optionalDependsOn: [...layer.optionalDependsOn],
      prefix: layer.prefix ?? null,
      platform: isPlatformLayer(layer.id),
      perTenant: !isPlatformLayer(layer.id),
      migrations: migrations.get(layer.id) ?? { applied: 0, pending: 0, last: null },
      enabled: state.isOn(layer.id),
      tenantAdminsMaySwitch: state.tenantAdminsMaySwitch(layer.id),
      tenants: rows.flatMap((r) => {
        const tenant = r.tenantId === null ? undefined : tenants.get(r.tenantId)
        if (r.layerId !== layer.id || !tenant || isPlatformLayer(layer.id)) return []
        return [{ tenantId: r.tenantId!, ...tenant, enabled: r.enabled }]
      }),
    }))
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async #describe(ids: readonly string[], db?: Kysely<any>) {
    if (ids.length === 0 || !this.#directory)
      return new Map<string, { slug: string; name: string }>()
    return this.#directory.describe(ids, db)
  }

  /** The global switch; `tenantAdminsMaySwitch` omitted keeps the current value. */
  setGlobal(
    change: GlobalSwitchChange,
    actorId: string | undefined,
    onWrite?: OnLayerSwitch,
  ): Promise<LayerSwitchWrite> {
    const layer = this.#layer(change.layer)
    return this.#write(
      (trx, before) =>
        writeGlobalSwitch(
          {
            trx,
            before,
            layers: this.layers,
            actorId,
            describe: (ids) => this.#describe(ids, trx),
          },
          layer,
          change,
        ),
      PLATFORM_SCOPE,
      onWrite,
    )
  }

  /**
   * A tenant's own switch; `enabled: null` removes it (the tenant follows the global state).
   * `scope`: the superadmin's API writes as the platform, a tenant admin's as that tenant, whose
   * transaction row-level security confines to the tenant's own row.
   */
  async setTenant(
    change: TenantSwitchChange,
    actorId: string | undefined,
    onWrite?: OnLayerSwitch,
    scope: LayerSwitchScope = 'tenant',
  ): Promise<LayerSwitchWrite> {
    const layer = this.#layer(change.layer)
    const tenant = (await this.#describe([change.tenantId])).get(change.tenantId)
    if (!tenant)
      throw new AppError(404, CoreErrorCode.NOT_FOUND, `There is no tenant '${change.tenantId}'.`)
    return this.#write(
      (trx, before) =>
        writeTenantSwitch(
          {
            trx,
            before,
            layers: this.layers,
            actorId,
            describe: (ids) => this.#describe(ids, trx),
          },
          layer,
          change,
          tenant.slug,
        ),
      scope === 'platform' ? PLATFORM_SCOPE : { 'app.tenant_id': change.tenantId },
      onWrite,
    )
  }

  /**
   * One transaction, serialised with every other switch by an advisory lock, that validates
   * against the rows as they are and writes; then the version key, and this replica's state.
   */
  async #write(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    run: (trx: Kysely<any>, before: LayerSwitchState) => Promise<LayerSwitchWrite>,
    settings: Readonly<Record<string, string>>,
    onWrite: OnLayerSwitch | undefined,
  ): Promise<LayerSwitchWrite> {
    const write = await this.#database.withSettings(settings, async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('core_layer_switches'))`.execute(trx)
      // A tenant's transaction sees the global rows and its own: all a tenant switch is judged on.
      const before = new LayerSwitchState(this.#installed(), await readSwitchRows(trx))
      const write = await run(trx, before)
      if (onWrite) await onWrite(trx, write)
      return write
    })
    let version: string | undefined
    try {
      const { count } = await this.#cache.increment(LAYER_SWITCHES_VERSION_KEY, VERSION_TTL_MS)
      version = String(count)
    } catch (error) {
      if (!(error instanceof CacheUnavailableError)) throw error
      this.#logger.warn(
        `Layer switch not announced: other replicas see it within ${this.#maxAgeMs / 1000} s`,
        { layer: write.layer, error: error.message },
      )
    }
    await this.#load()
    if (version !== undefined) this.#seenVersion = version
    return write
  }
}
