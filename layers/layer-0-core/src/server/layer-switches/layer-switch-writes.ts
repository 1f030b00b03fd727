import { sql, type Kysely } from 'kysely'
import { CoreErrorCode } from '../../shared/errors.ts'
import { checkLayerSwitch, LayerRegistryError, type ResolvedLayer } from '../../shared/registry.ts'
import { AppError } from '../app-error.ts'
import type { LayerSwitchRow, LayerSwitchState } from './layer-switch-state.ts'

/** One switch as written, for the audit record the caller adds in the same transaction. */
export interface LayerSwitchWrite {
  readonly layer: string
  readonly scope: 'global' | 'tenant'
  readonly tenantId: string | undefined
  /** Effective state in that scope before and after. */
  readonly from: boolean
  readonly to: boolean
  readonly tenantAdminsMaySwitch?: { from: boolean; to: boolean } | undefined
}

/** Called inside the switch's transaction (an audit record commits or rolls back with it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OnLayerSwitch = (trx: Kysely<any>, write: LayerSwitchWrite) => Promise<void>

/** `PUT …/layers/{id}`: the global switch. */
export interface GlobalSwitchChange {
  layer: string
  enabled: boolean
  /** Omitted: unchanged. */
  tenantAdminsMaySwitch?: boolean | undefined
}

/** `PUT …/layers/{id}/tenants/{tenantId}`: `null` removes the tenant's row. */
export interface TenantSwitchChange {
  layer: string
  tenantId: string
  enabled: boolean | null
}

/** What a write sees: its transaction, the rows as they were inside it, and who acts. */
export interface SwitchWriteContext {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  trx: Kysely<any>
  before: LayerSwitchState
  layers: readonly ResolvedLayer[]
  actorId: string | undefined
  /** Live tenants among `ids`, read in `trx`. */
  describe(ids: readonly string[]): Promise<ReadonlyMap<string, { slug: string; name: string }>>
}

interface SwitchTableRow {
  layer_id: string
  tenant_id: string | null
  enabled: boolean
  tenant_admins_may_switch: boolean
}

/** Every row of `core_layer_switches`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function readSwitchRows(db: Kysely<any>): Promise<LayerSwitchRow[]> {
  const rows: SwitchTableRow[] = await db
    .selectFrom('core_layer_switches')
    .select(['layer_id', 'tenant_id', 'enabled', 'tenant_admins_may_switch'])
    .execute()
  return rows.map((r) => ({
    layerId: r.layer_id,
    tenantId: r.tenant_id,
    enabled: r.enabled,
    tenantAdminsMaySwitch: r.tenant_admins_may_switch,
  }))
}

/** The registry's refusal as the API answers it: 409 with its sentence. */
function refuse(check: () => void): void {
  try {
    check()
  } catch (error) {
    if (error instanceof LayerRegistryError)
      throw new AppError(409, CoreErrorCode.LAYER_SWITCH_REFUSED, error.message)
    throw error
  }
}

/**
 * Validates and writes a global switch. Tenants that follow the global state for the layer get
 * the new one, so the registry must accept it for each of them too.
 */
export async function writeGlobalSwitch(
  ctx: SwitchWriteContext,
  layer: ResolvedLayer,
  change: GlobalSwitchChange,
): Promise<LayerSwitchWrite> {
  const { trx, before, layers, actorId } = ctx
  const from = before.isOn(layer.id)
  const mayFrom = before.tenantAdminsMaySwitch(layer.id)
  const mayTo = change.tenantAdminsMaySwitch ?? mayFrom
  refuse(() => checkLayerSwitch(layers, (id) => before.isOn(id), change))
  const following = before
    .tenantsWithOverrides()
    .filter((t) => before.override(layer.id, t) === undefined)
  for (const [tenantId, { slug }] of await ctx.describe(following))
    refuse(() =>
      checkLayerSwitch(layers, (id) => before.isOn(id, tenantId), {
        layer: layer.id,
        enabled: change.enabled,
        tenant: slug,
      }),
    )
  const values = {
    enabled: change.enabled,
    tenant_admins_may_switch: mayTo,
    updated_by: actorId ?? null,
  }
  await trx
    .insertInto('core_layer_switches')
    .values({ layer_id: layer.id, tenant_id: null, ...values })
    .onConflict((oc) =>
      oc
        .expression(
          sql`layer_id, coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid)`,
        )
        .doUpdateSet({ ...values, updated_at: sql`now()` }),
    )
    .execute()
  return {
    layer: layer.id,
    scope: 'global',
    tenantId: undefined,
    from,
    to: change.enabled,
    ...(mayFrom === mayTo ? {} : { tenantAdminsMaySwitch: { from: mayFrom, to: mayTo } }),
  }
}

/** Validates and writes (or removes) a tenant's own switch. */
export async function writeTenantSwitch(
  ctx: SwitchWriteContext,
  layer: ResolvedLayer,
  change: TenantSwitchChange,
  tenantSlug: string,
): Promise<LayerSwitchWrite> {
  const { trx, before, layers, actorId } = ctx
  const from = before.isOn(layer.id, change.tenantId)
  const to = change.enabled ?? before.isOn(layer.id)
  refuse(() =>
    checkLayerSwitch(layers, (id) => before.isOn(id, change.tenantId), {
      layer: layer.id,
      enabled: to,
      tenant: tenantSlug,
    }),
  )
  await trx
    .deleteFrom('core_layer_switches')
    .where('layer_id', '=', layer.id)
    .where('tenant_id', '=', change.tenantId)
    .execute()
  if (change.enabled !== null)
    await trx
      .insertInto('core_layer_switches')
      .values({
        layer_id: layer.id,
        tenant_id: change.tenantId,
        enabled: change.enabled,
        updated_by: actorId ?? null,
      })
      .execute()
  return { layer: layer.id, scope: 'tenant', tenantId: change.tenantId, from, to }
}
