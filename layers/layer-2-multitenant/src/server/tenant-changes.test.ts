import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import {
  captureLogger,
  createPostgresDatabase,
  freePort,
  pgliteTemplate,
} from '@stratum/host-backend/testing'
import { TENANT_DATA_CHANNEL } from './migrations/20261203000000_tenant_data_changes.ts'
import { ResponseMemo } from './response-memo.ts'
import { TenantChanges } from './tenant-changes.ts'

const TENANT = '0b0e6c1e-5a4b-4c3d-9e8f-7a6b5c4d3e2f'
const OTHER = '1c1f7d2f-6b5c-4d4e-8f9a-8b7c6d5e4f3a'

describe('TenantChanges', () => {
  it('moves a tenant’s version on each announced change, every version on `*`, and never repeats one', async () => {
    const database = await pgliteTemplate()
    const changes = new TenantChanges(captureLogger().logger)
    try {
      expect(changes.version(TENANT)).toBeUndefined()
      await changes.start(database)
      const seen = new Set<string>()
      const v1 = changes.version(TENANT)!
      const o1 = changes.version(OTHER)!
      seen.add(v1)
      await sql`select pg_notify(${TENANT_DATA_CHANNEL}, ${TENANT})`.execute(database.db)
      await expect.poll(() => changes.version(TENANT)).not.toBe(v1)
      expect(changes.version(OTHER)).toBe(o1)
      seen.add(changes.version(TENANT)!)
      await sql`select pg_notify(${TENANT_DATA_CHANNEL}, '*')`.execute(database.db)
      await expect.poll(() => changes.version(OTHER)).not.toBe(o1)
      expect(seen.has(changes.version(TENANT)!)).toBe(false)
      // A change this process commits itself counts at once.
      const before = changes.version(TENANT)
      changes.changed(TENANT.toUpperCase())
      expect(changes.version(TENANT)).not.toBe(before)
    } finally {
      await changes.close()
      await database.close()
    }
    expect(changes.version(TENANT)).toBeUndefined()
  })

  it('stays off, says why and keeps trying when it cannot listen, without failing the start', async () => {
    const { logger, entries } = captureLogger()
    const port = await freePort()
    const database = createPostgresDatabase(`postgres://postgres@127.0.0.1:${port}/none`, logger)
    const changes = new TenantChanges(logger)
    try {
      await changes.start(database)
      expect(changes.live).toBe(false)
      expect(changes.version(TENANT)).toBeUndefined()
      expect(entries.some((e) => /Cannot listen for tenant data changes/.test(e.message))).toBe(
        true,
      )
    } finally {
      await changes.close()
      await database.close()
    }
  })
})

describe('ResponseMemo', () => {
  const answer = (body: string) => ({ body, contentType: 'application/json' })

  it('answers only under the version and before the time it was kept for', () => {
    let now = 1000
    const memo = new ResponseMemo({ maxEntries: 10, now: () => now })
    memo.set('k', 'v1', answer('{"a":1}'), 2000)
    expect(memo.get('k', 'v1')?.body).toBe('{"a":1}')
    expect(memo.get('k', 'v2')).toBeUndefined()
    // A miss under another version forgets the entry: it can never be right again.
    expect(memo.get('k', 'v1')).toBeUndefined()
    memo.set('k', 'v1', answer('{"a":2}'), 2000)
    now = 2000
    expect(memo.get('k', 'v1')).toBeUndefined()
    memo.set('k', 'v1', answer('{"a":3}'), 1500)
    expect(memo.size).toBe(0)
  })

  it('keeps to its bounds in entries and bytes, dropping the oldest, and never keeps an oversize body', () => {
    const memo = new ResponseMemo({ maxEntries: 3, maxBytes: 1000, maxBodyLength: 300 })
    const later = Date.now() + 60_000
    for (const key of ['a', 'b', 'c', 'd']) memo.set(key, 'v', answer('x'), later)
    expect(memo.size).toBe(3)
    expect(memo.get('a', 'v')).toBeUndefined()
    expect(memo.get('d', 'v')?.body).toBe('x')
    memo.set('big', 'v', answer('y'.repeat(301)), later)
    expect(memo.get('big', 'v')).toBeUndefined()
    memo.set('e', 'v', answer('z'.repeat(300)), later)
    memo.set('f', 'v', answer('z'.repeat(300)), later)
    expect(memo.bytes).toBeLessThanOrEqual(1000)
    expect(memo.get('f', 'v')).toBeDefined()
    expect(new ResponseMemo({ maxEntries: 0 }).size).toBe(0)
    const off = new ResponseMemo({ maxEntries: 0 })
    off.set('k', 'v', answer('x'), later)
    expect(off.get('k', 'v')).toBeUndefined()
  })
})
