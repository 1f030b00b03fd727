import { isPlatformLayer } from '../../shared/registry.ts'

/** One row of `core_layer_switches`. */
export interface LayerSwitchRow {
  readonly layerId: string
  /** `null`: the global row. */
  readonly tenantId: string | null
  readonly enabled: boolean
  /** Meaningful on the global row: tenant admins may switch the layer for their tenant. */
  readonly tenantAdminsMaySwitch: boolean
}

/** The global row of a layer, as the state keeps it. */
interface GlobalSwitch {
  readonly enabled: boolean
  readonly tenantAdminsMaySwitch: boolean
}

/**
 * The switches as one immutable value, so a request reads one consistent state with plain map
 * lookups: a tenant row wins over the global row, which wins over "on" (installed).
 */
export class LayerSwitchState {
  readonly #installed: ReadonlySet<string>
  readonly #global = new Map<string, GlobalSwitch>()
  readonly #tenants = new Map<string, Map<string, boolean>>()
  #globallyOff = 0

  constructor(installed: Iterable<string>, rows: readonly LayerSwitchRow[]) {
    this.#installed = new Set(installed)
    for (const row of rows) {
      // Rows of layers not installed (any more) and of platform layers change nothing.
      if (!this.#installed.has(row.layerId) || isPlatformLayer(row.layerId)) continue
      if (row.tenantId === null) {
        this.#global.set(row.layerId, {
          enabled: row.enabled,
          tenantAdminsMaySwitch: row.tenantAdminsMaySwitch,
        })
        if (!row.enabled) this.#globallyOff++
        continue
      }
      let overrides = this.#tenants.get(row.tenantId)
      if (!overrides) this.#tenants.set(row.tenantId, (overrides = new Map()))
      overrides.set(row.layerId, row.enabled)
    }
  }

  /** Whether `layerId` is on for `tenantId` (or globally without one); off when not installed. */
  isOn(layerId: string, tenantId?: string): boolean {
    if (tenantId !== undefined) {
      const override = this.#tenants.get(tenantId)?.get(layerId)
      if (override !== undefined) return override
    }
    const global = this.#global.get(layerId)
    return global ? global.enabled : this.#installed.has(layerId)
  }

  /** Whether a tenant admin may switch the layer (its global row says so). */
  tenantAdminsMaySwitch(layerId: string): boolean {
    return this.#global.get(layerId)?.tenantAdminsMaySwitch ?? false
  }

  /** The tenant's own row for the layer, or `undefined` when it follows the global state. */
  override(layerId: string, tenantId: string): boolean | undefined {
    return this.#tenants.get(tenantId)?.get(layerId)
  }

  /**
   * False when every installed layer is surely on for the tenant (no layer off globally, no row
   * of its own): callers skip their per-layer work then.
   */
  mayDiffer(tenantId: string | undefined): boolean {
    return this.#globallyOff > 0 || (tenantId !== undefined && this.#tenants.has(tenantId))
  }

  /** Tenants with at least one row of their own. */
  tenantsWithOverrides(): string[] {
    return [...this.#tenants.keys()]
  }
}
