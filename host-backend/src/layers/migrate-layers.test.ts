import { sql, type Kysely, type Migration } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnyServerLayer } from '@stratum/layer-core/server'
import type { ResolvedLayer } from '@stratum/layer-core/shared'
import { captureLogger } from '../../test/support/logger.ts'
import { pgliteTemplate } from '../../test/support/pglite-template.ts'
import type { PgliteDatabase } from '../platform/database/pglite-database.ts'
import { allApplied, migrateLayers } from './migrate-layers.ts'

/** A migration that creates table `name`. */
const creates = (name: string): Migration => ({
  up: (db: Kysely<unknown>) => db.schema.createTable(name).addColumn('id', 'integer').execute(),
})
const layer = (id: string, migrations: Record<string, Migration>) => ({
  resolved: { id } as ResolvedLayer,
  server: { migrations } as unknown as AnyServerLayer,
})

describe('migrateLayers', () => {
  let database: PgliteDatabase
  beforeAll(async () => {
    database = await pgliteTemplate()
  }, 60_000)
  afterAll(() => database?.close())
  const upToDate = (layers: Parameters<typeof allApplied>[1]) =>
    database.withMigrationLock((owner) => allApplied(owner, layers))

  it('skips the Migrators only when every layer holds exactly its migrations', async () => {
    const { logger } = captureLogger()
    const one = layer('fast-one', { '001_a': creates('fast_one_a') })
    const two = layer('fast-two', { '001_b': creates('fast_two_b') })
    // A fresh database: no migration tables yet.
    expect(await upToDate([one, two])).toBe(false)
    expect(await migrateLayers(database, [one, two], logger)).toEqual([
      'fast-one:001_a',
      'fast-two:001_b',
    ])
    expect(await upToDate([one, two])).toBe(true)
    // The second start reads once and applies nothing.
    expect(await migrateLayers(database, [one, two], logger)).toEqual([])

    // A new migration in the code: pending, so the Migrator runs and applies it.
    const grown = layer('fast-two', {
      '001_b': creates('fast_two_b'),
      '002_c': creates('fast_two_c'),
    })
    expect(await upToDate([one, grown])).toBe(false)
    expect(await migrateLayers(database, [one, grown], logger)).toEqual(['fast-two:002_c'])
    expect(await upToDate([one, grown])).toBe(true)

    // A newly enabled layer, whose migration table does not exist yet.
    const three = layer('fast-three', { '001_d': creates('fast_three_d') })
    expect(await upToDate([one, grown, three])).toBe(false)

    // A migration the database ran but the code no longer has is not "up to date": the
    // Migrator reports it.
    expect(await upToDate([one, two])).toBe(false)
    await expect(migrateLayers(database, [one, two], logger)).rejects.toThrow(/fast-two/)
    // The failed start changed nothing.
    const { rows } = await database.withMigrationLock((owner) =>
      sql<{ n: number }>`select count(*)::int as n from fast_two_migration`.execute(owner),
    )
    expect(rows[0]!.n).toBe(2)
  }, 60_000)
})
