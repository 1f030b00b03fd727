import { Migrator, type Migration, type MigrationProvider } from 'kysely'
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
