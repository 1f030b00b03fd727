import { sql, type Kysely } from 'kysely'
import type { Database } from '@stratum/layer-core/server'
import type { AuditVerify } from '../shared/audit-schemas.ts'

/** Rows read per round trip while walking a chain. */
const PAGE = 1_000

type ChainRow = {
  id: string
  prev_id: string | null
  prev_hash: string | null
  hash: string
  expected: string
}

/** Every row of the chain as the request role may read it in an `app.logging_all` transaction. */
export const ALL_SCOPE = { 'app.logging_all': 'on' } as const

type Anchor = {
  head_id: string
  head_hash: string
  trimmed_id: string | null
  trimmed_hash: string | null
}

/**
 * Walks one tenant's chain (or the platform chain, tenant NULL) from its oldest row and names the
 * first row that was changed (its hash no longer matches its content, or the next row's link to
 * it) or removed (the next row points to an id that is gone). Then it holds the chain's ends to
 * its anchors (`audit_chain_anchors`, kept by triggers): the newest row must be the head the
 * anchor recorded, and the oldest row must link to the last row retention deleted (or to nothing),
 * so removing the newest rows, or old rows outside retention, is found too. `db` reads the rows:
 * a transaction in the `app.logging_all` scope, or a tenant's transaction (row-level security
 * shows only its chain).
 */
export async function verifyAuditChain(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  tenantId: string | undefined,
): Promise<AuditVerify> {
  // Read first: rows appended while we walk are past this head, and left out of the walk.
  const { rows: anchors } = await sql<Anchor>`select head_id::text, head_hash,
        trimmed_id::text, trimmed_hash
      from audit_chain_anchors
      where chain_key = ${tenantId ?? 'platform'}`.execute(db)
  const anchor = anchors[0]
  let checked = 0
  let first: ChainRow | undefined
  let previous: ChainRow | undefined
  let after = '0'
  for (;;) {
    const { rows } = await sql<ChainRow>`select a.id::text, a.prev_id::text, a.prev_hash, a.hash,
          logging_audit_hash(a) as expected
        from audit_logs a where a.tenant_id is not distinct from ${tenantId ?? null}::uuid
          and a.id > ${after}::bigint and a.id <= coalesce(${anchor?.head_id ?? null}::bigint, 9223372036854775807)
        order by a.id limit ${PAGE}`.execute(db)
    for (const row of rows) {
      if (previous && row.prev_id !== previous.id)
        return { ok: false, checked, firstBroken: { id: row.prev_id ?? row.id, reason: 'removed' } }
      if (previous && row.prev_hash !== previous.hash)
        return { ok: false, checked, firstBroken: { id: previous.id, reason: 'changed' } }
      if (row.expected !== row.hash)
        return { ok: false, checked, firstBroken: { id: row.id, reason: 'changed' } }
      checked++
      first ??= row
      previous = row
    }
    const last = rows.at(-1)
    if (!last || rows.length < PAGE) break
    after = last.id
  }
  const removed = (id: string): AuditVerify => ({
    ok: false,
    checked,
    firstBroken: { id, reason: 'removed' },
  })
  if (!anchor) return first ? removed(first.prev_id ?? first.id) : { ok: true, checked }
  // The newest rows: the last one walked must be the head the anchor recorded.
  if (!previous) {
    const allTrimmed =
      anchor.trimmed_id === anchor.head_id && anchor.trimmed_hash === anchor.head_hash
    return allTrimmed ? { ok: true, checked } : removed(anchor.head_id)
  }
  if (previous.id !== anchor.head_id) return removed(anchor.head_id)
  if (previous.hash !== anchor.head_hash)
    return { ok: false, checked, firstBroken: { id: previous.id, reason: 'changed' } }
  // The oldest rows: the first one walked links to retention's cut, or to nothing.
  if (first && (first.prev_id !== anchor.trimmed_id || first.prev_hash !== anchor.trimmed_hash))
    return removed(first.prev_id ?? first.id)
  return { ok: true, checked }
}

/** The chains present: the platform chain (undefined) and one per tenant with audit rows. */
export async function auditChains(database: Database): Promise<Array<string | undefined>> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return database.withSettings(ALL_SCOPE, async (trx: Kysely<any>) => {
    const { rows } = await sql<{
      tenant_id: string | null
    }>`select distinct tenant_id::text from audit_logs
        union select chain_tenant::text from audit_chain_anchors order by 1 nulls first`.execute(
      trx,
    )
    return rows.map((row) => row.tenant_id ?? undefined)
  })
}
