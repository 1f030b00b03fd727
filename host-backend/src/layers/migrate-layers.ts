import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import type { Logger } from 'winston'
import type { Database, AnyServerLayer } from '@stratum/layer-core/server'
import type { ResolvedLayer } from '@stratum/layer-core/shared'

/** Migrations are kept in a static record so they survive bundling. */
class RecordProvider implements MigrationProvider {
  constructor(private readonly migrations: Readonly<Record<string, Migration>>) {}
  getMigrations = async () => ({ ...this.migrations })
}

/** Migration table names derive from the layer id: `auth` → `auth_migration`. */
export const migrationTables = (layerId: string) => {
  const base = layerId.replaceAll('-', '_')
  return {
    migrationTableName: `${base}_migration`,
    migrationLockTableName: `${base}_migration_lock`,
  }
}

/** A migration that failed; the message names the layer and the migration. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError'
}

/**
 * Runs every enabled layer's migrations in registry order, each layer with its own Migrator and
 * tables, under one database-wide lock so concurrent starts migrate exactly once.
 * @returns names of the migrations applied by this call
 */
export async function migrateLayers(
  database: Database,
  layers: ReadonlyArray<{ resolved: ResolvedLayer; server: AnyServerLayer }>,
  logger: Logger,
): Promise<string[]> {
  return database.withMigrationLock(async (owner) => {
    const applied: string[] = []
    // Most starts have nothing to apply: one read says so, where a Migrator per layer spends
    // a dozen round trips each (seconds on embedded PGlite).
    if (await allApplied(owner, layers)) return applied
    for (const { resolved, server } of layers) {
      if (!server.migrations || Object.keys(server.migrations).length === 0) continue
      const migrator = new Migrator({
        db: owner,
        provider: new RecordProvider(server.migrations),
        ...migrationTables(resolved.id),
      })
      // migrateToLatest never throws: the failure is in `error`.
      const { error, results = [] } = await migrator.migrateToLatest()
      for (const result of results) {
        if (result.status === 'Success') applied.push(`${resolved.id}:${result.migrationName}`)
      }
      if (error) {
        const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
        const reason = error instanceof Error ? error.message : String(error)
        throw new MigrationError(
          `Migration '${failed}' of layer '${resolved.id}' failed: ${reason}`,
        )
      }
    }
    if (applied.length > 0) logger.info('migrations applied', { migrations: applied })
    return applied
  })
}

/**
 * Whether every layer's migration table holds exactly its layer's migrations, no more and no
 * fewer. Anything else (a table missing, a migration pending, one unknown to the code) is left
 * to the Migrators, which apply or explain it.
 */
export async function allApplied(
  owner: Kysely<unknown>,
  layers: ReadonlyArray<{ resolved: ResolvedLayer; server: AnyServerLayer }>,
): Promise<boolean> {
  const wanted = layers
    .filter(({ server }) => Object.keys(server.migrations ?? {}).length > 0)
    .map(({ resolved, server }) => ({
      id: resolved.id,
      table: migrationTables(resolved.id).migrationTableName,
      names: Object.keys(server.migrations ?? {}),
    }))
  if (wanted.length === 0) return true
  const { rows: present } = await sql<{ name: string }>`select name from (values ${sql.join(
    wanted.map(({ table }) => sql`(${table})`),
  )}) as t(name) where to_regclass(name) is not null`.execute(owner)
  if (present.length !== wanted.length) return false
  const { rows } = await sql<{ layer: string; name: string }>`${sql.join(
    wanted.map(({ id, table }) => sql`select ${id}::text as layer, name from ${sql.table(table)}`),
    sql` union all `,
  )}`.execute(owner)
  return wanted.every(({ id, names }) => {
    const done = rows.filter((row) => row.layer === id).map((row) => row.name)
    return done.length === names.length && names.every((name) => done.includes(name))
  })
}
