import { sql } from 'kysely'

/**
 * `count(*) over ()`: added to a page's select, every row carries the number of rows that match
 * before `limit` and `offset`, so a list needs no count query of its own.
 */
export const totalOverPage = () => sql<string>`count(*) over ()`.as('total')

/**
 * The total of a list from its page: the window count of any row, or, for a page past the end
 * (no rows to carry it), `count()`, the one case that needs a second query.
 */
export async function pageTotal(
  rows: ReadonlyArray<{ total: string | number }>,
  page: number,
  count: () => Promise<string | number>,
): Promise<number> {
  const first = rows[0]
  if (first) return Number(first.total)
  return page === 1 ? 0 : Number(await count())
}
