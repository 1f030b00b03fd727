import type { Database } from '@stratum/layer-core/server'
import type { Pool, PoolClient } from 'pg'

const WRAPPED = Symbol('wire-count')

/**
 * Counts the calls that really reach the database, below Kysely: each `query` call on a pg
 * client (one network round trip), or each `query` and `exec` call on the PGlite instance (the
 * adapter opens a tenant transaction with `begin` and its settings in one `exec`). Independent of
 * the adapter's own count, so a test can hold one against the other.
 */
export function countWireQueries(database: Database): { readonly count: number; stop(): void } {
  const counter = { count: 0, active: true }
  const wrap = <T extends { query: (...args: never[]) => unknown }>(
    target: T,
    methods: ReadonlyArray<'query' | 'exec'> = ['query'],
  ) => {
    const marked = target as T & { [WRAPPED]?: boolean }
    if (marked[WRAPPED]) return
    marked[WRAPPED] = true
    for (const method of methods) {
      const holder = target as unknown as Record<string, (...args: unknown[]) => unknown>
      const original = holder[method]!.bind(target)
      holder[method] = (...args: unknown[]) => {
        if (counter.active) counter.count++
        return original(...args)
      }
    }
  }
  if (database.kind === 'postgres') {
    const pool = (database as unknown as { pool: Pool }).pool
    const onAcquire = (client: PoolClient) => wrap(client)
    pool.on('acquire', onAcquire)
    return {
      get count() {
        return counter.count
      },
      stop() {
        counter.active = false
        pool.off('acquire', onAcquire)
      },
    }
  }
  wrap((database as unknown as { pglite: { query: (...args: never[]) => unknown } }).pglite, [
    'query',
    'exec',
  ])
  return {
    get count() {
      return counter.count
    },
    stop() {
      counter.active = false
    },
  }
}
