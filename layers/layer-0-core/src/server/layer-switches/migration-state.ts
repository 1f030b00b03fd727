import { sql, type Kysely } from 'kysely'
import type { ResolvedLayer } from '../../shared/registry.ts'

/** Applied, pending and newest applied migration of one layer. */
export interface MigrationState {
  applied: number
  pending: number
  last: string | null
}

/**
 * Reads each layer's migration table (`<id>_migration`, as the host's migrator names it) and
 * compares it with the layer's migration names. A table the runtime role cannot read counts as
 * nothing applied rather than failing the console.
 */
export async function readMigrationStates(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  layers: readonly ResolvedLayer[],
  names: ReadonlyMap<string, readonly string[]>,
): Promise<Map<string, MigrationState>> {
  const states = new Map<string, MigrationState>()
  for (const layer of layers) {
    const defined = names.get(layer.id) ?? []
    if (defined.length === 0) {
      states.set(layer.id, { applied: 0, pending: 0, last: null })
      continue
    }
    const table = `${layer.id.replaceAll('-', '_')}_migration`
    const applied = await sql<{ name: string }>`select name from ${sql.table(table)} order by name`
      .execute(db)
      .then((r) => r.rows.map((row) => row.name))
      .catch(() => [] as string[])
    const done = new Set(applied)
    states.set(layer.id, {
      applied: applied.length,
      pending: defined.filter((name) => !done.has(name)).length,
      last: applied.at(-1) ?? null,
    })
  }
  return states
}
