import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureLogger } from '../../../test/support/logger.ts'
import { pgliteTemplate } from '../../../test/support/pglite-template.ts'
import { createDatabase } from './create-database.ts'
import { createPgliteDatabase } from './pglite-database.ts'

describe('PgliteDatabase', () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'stratum-pglite-'))
  })
  afterAll(() => rm(dataDir, { recursive: true, force: true }))

  it('persists in <DATA_DIR>/pglite across restarts', async () => {
    const config = { DATA_DIR: dataDir }
    const first = await createDatabase(config, captureLogger().logger)
    expect(first.kind).toBe('pglite')
    await first.db.schema.createTable('kept').addColumn('v', 'text').execute()
    await first.db.insertInto('kept').values({ v: 'still here' }).execute()
    await first.close()

    const second = await createDatabase(config, captureLogger().logger)
    expect(await second.db.selectFrom('kept').select('v').execute()).toEqual([{ v: 'still here' }])
    await second.close()
  }, 60_000)

  it('starts from a dump with its contents', async () => {
    const source = await pgliteTemplate()
    await source.db.schema.createTable('seed').addColumn('v', 'text').execute()
    await source.db.insertInto('seed').values({ v: 'from dump' }).execute()
    const copy = await createPgliteDatabase(
      { loadDataDir: await source.dumpDataDir() },
      captureLogger().logger,
    )
    await source.close()
    expect(await copy.db.selectFrom('seed').select('v').execute()).toEqual([{ v: 'from dump' }])
    await copy.close()
  })

  it('hands out independent databases from the template', async () => {
    const [a, b] = await Promise.all([pgliteTemplate(), pgliteTemplate()])
    await a.db.schema.createTable('only_in_a').addColumn('v', 'text').execute()
    const tables = await b.db.introspection.getTables()
    expect(tables.map((t) => t.name)).not.toContain('only_in_a')
    await Promise.all([a.close(), b.close()])
  })

  it('runs migration-locked functions one at a time', async () => {
    const database = await pgliteTemplate()
    const events: string[] = []
    const run = (name: string) =>
      database.withMigrationLock(async () => {
        events.push(`${name} start`)
        await new Promise((resolve) => setTimeout(resolve, 50))
        events.push(`${name} end`)
      })
    await Promise.all([run('a'), run('b')])
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end'])
    await database.close()
  })
})
