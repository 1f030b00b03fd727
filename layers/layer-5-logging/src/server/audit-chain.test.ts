import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_TARGETS } from '@stratum/host-backend/testing'
import { body, createLoggingWorld, type World } from '../../test/logging-world.ts'
import { ALL_SCOPE, verifyAuditChain } from './audit-chain.ts'
import { applyRetention, auditChainHeads } from './retention.ts'

const run = promisify(execFile)

describe.each(TEST_TARGETS)('audit hash chain on %s', (target) => {
  let w: World
  /** Audit rows of a tenant, oldest first, read as the owner. */
  const chainIds = (tenantId: string) =>
    w.t.host.platform.database.withMigrationLock(async (owner) => {
      const { rows } = await sql<{
        id: string
      }>`select id::text from audit_logs where tenant_id = ${tenantId} order by id`.execute(owner)
      // Sorted here: `order by id` above orders the text column, where 10 comes before 2.
      return rows.map((r) => r.id).sort((x, y) => Number(x) - Number(y))
    })
  const verify = (tenantId: string) =>
    w.t.host.platform.database.withSettings(ALL_SCOPE, (trx) => verifyAuditChain(trx, tenantId))
  /** What someone with the database's owner rights could do behind the application's back. */
  const asOwner = (statement: ReturnType<typeof sql>) =>
    w.t.host.platform.database.withMigrationLock((owner) => statement.execute(owner))
  const addClients = async (tenant: { slug: string }, who: World['adminA'], n: number) => {
    for (let i = 0; i < n; i++) {
      const res = await w.json('POST', '/api/app/clients', who, tenant.slug, {
        name: `Chain ${i} ${Date.now()}`,
      })
      expect(res.status).toBe(201)
      await body(res)
    }
  }

  beforeAll(async () => {
    w = await createLoggingWorld(target)
    await addClients(w.a, w.adminA, 3)
    await addClients(w.b, w.adminB, 3)
  })
  afterAll(() => w?.t.close())

  it('verifies an untouched chain', async () => {
    const ids = await chainIds(w.a.id)
    expect(await verify(w.a.id)).toEqual({
      ok: true,
      checked: ids.length,
    })
  })

  it('still verifies a chain whose oldest rows retention deleted, and names one deleted otherwise', async () => {
    const ids = await chainIds(w.a.id)
    const [oldest, second] = ids
    await asOwner(
      sql`update audit_logs set timestamp = now() - interval '10 days'
        where id in (${oldest}::bigint, ${second}::bigint)`,
    )
    const removed = await applyRetention(w.t.host.platform.database, {
      LOG_RETENTION_DAYS: 0,
      AUDIT_RETENTION_DAYS: 1,
      METRICS_RETENTION_DAYS: 0,
    })
    expect(removed.audit_logs).toBeGreaterThanOrEqual(2)
    const kept = await chainIds(w.a.id)
    expect(kept).toEqual(ids.slice(2))
    expect(await verify(w.a.id)).toEqual({ ok: true, checked: kept.length })
    // The oldest row now, deleted by someone with the owner's rights, not by retention.
    await asOwner(sql`delete from audit_logs where id = ${kept[0]}::bigint`)
    expect(await verify(w.a.id)).toMatchObject({
      ok: false,
      firstBroken: { id: kept[0], reason: 'removed' },
    })
  })

  it('names the newest row as removed when it is deleted', async () => {
    const ids = await chainIds(w.b.id)
    const newest = ids.at(-1)!
    // The head that the daily cleanup writes to the server log.
    const heads = await auditChainHeads(w.t.host.platform.database)
    expect(heads.find((h) => h.chain === w.b.id)).toMatchObject({ headId: newest })
    await asOwner(sql`delete from audit_logs where id = ${newest}::bigint`)
    expect(await verify(w.b.id)).toMatchObject({
      ok: false,
      checked: ids.length - 1,
      firstBroken: { id: newest, reason: 'removed' },
    })
  })

  it('names an edited row as changed', async () => {
    const ids = await chainIds(w.a.id)
    const victim = ids[Math.floor(ids.length / 2)]!
    await asOwner(sql`update audit_logs set reason = 'rewritten' where id = ${victim}::bigint`)
    const result = await verify(w.a.id)
    expect(result).toMatchObject({ ok: false, firstBroken: { id: victim, reason: 'changed' } })
  })

  it('names a deleted row as removed, also from the command line', async () => {
    const ids = await chainIds(w.b.id)
    const victim = ids[Math.floor(ids.length / 2)]!
    await asOwner(sql`delete from audit_logs where id = ${victim}::bigint`)
    const result = await verify(w.b.id)
    expect(result).toMatchObject({ ok: false, firstBroken: { id: victim, reason: 'removed' } })
    if (!w.t.databaseUrl) return
    const cli = await run('npx', ['tsx', 'src/server/cli/audit-verify.ts', w.b.id], {
      cwd: new URL('../..', import.meta.url).pathname,
      env: { ...process.env, DATABASE_URL: w.t.databaseUrl, LOG_LEVEL: 'silent' },
    }).catch((error: { code: number; stdout: string }) => error)
    expect(cli).toMatchObject({
      code: 1,
      stdout: expect.stringContaining(`row ${victim} was removed`),
    })
  })
})
