import type { Migration } from 'kysely'
import { runtimeRole } from './20260101000000_runtime_role.ts'
import { layerSwitches } from './20261201000000_layer_switches.ts'
import { layerSwitchesRls } from './20261203000000_layer_switches_rls.ts'

/** Static record, so the migrations survive bundling. */
export const coreMigrations: Record<string, Migration> = {
  '20260101000000_runtime_role': runtimeRole,
  '20261201000000_layer_switches': layerSwitches,
  '20261203000000_layer_switches_rls': layerSwitchesRls,
}
