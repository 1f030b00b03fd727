import { describe, expect, it } from 'vitest'
import { parseListQuery } from './use-list-query.ts'

const SORTS = ['name', 'createdAt'] as const
const defaults = { sort: 'name' as const, order: 'asc' as const, pageSize: 25 }

describe('parseListQuery', () => {
  it('reads page, search, sort and filter from the URL', () => {
    expect(
      parseListQuery(
        { page: '3', q: ' acme ', sort: 'createdAt-desc', status: 'all' },
        SORTS,
        defaults,
      ),
    ).toEqual({ page: 3, pageSize: 25, q: 'acme', sort: 'createdAt', order: 'desc', status: 'all' })
  })

  it('ignores values the server would refuse', () => {
    expect(
      parseListQuery(
        { page: '-1', sort: 'password-asc', status: 'gone', q: 'x'.repeat(300) },
        SORTS,
        defaults,
      ),
    ).toEqual({
      page: 1,
      pageSize: 25,
      q: 'x'.repeat(100),
      sort: 'name',
      order: 'asc',
      status: 'active',
    })
  })
})
