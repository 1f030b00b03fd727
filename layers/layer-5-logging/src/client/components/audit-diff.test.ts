import { describe, expect, it } from 'vitest'
import { LOG_LEVELS } from '../../shared/ingest-schemas.ts'
import { LEVELS } from '../log-levels.ts'
import { diffRows } from './audit-diff.ts'
import { breadcrumbsOf, contextOf } from './log-breadcrumbs.ts'

describe('diffRows', () => {
  it('lists changed fields first, as the server named them, then the unchanged ones', () => {
    const rows = diffRows({
      oldValues: { name: 'Acme', email: 'a@x.test', notes: null },
      newValues: { name: 'Acme Corp', email: 'a@x.test', notes: 'vip' },
      changedFields: ['name', 'notes'],
    })
    expect(rows).toEqual([
      { field: 'name', before: 'Acme', after: 'Acme Corp', changed: true },
      { field: 'notes', before: 'null', after: 'vip', changed: true },
      { field: 'email', before: 'a@x.test', after: 'a@x.test', changed: false },
    ])
  })

  it('does not mark a listed field whose value stayed the same', () => {
    const rows = diffRows({
      oldValues: { email: null, name: 'Initech' },
      newValues: { email: null, name: 'Initech Ltd' },
      changedFields: ['email', 'name'],
    })
    expect(rows.map((r) => [r.field, r.changed])).toEqual([
      ['name', true],
      ['email', false],
    ])
  })

  it('marks every field of an insert or a delete as changed', () => {
    expect(diffRows({ oldValues: null, newValues: { id: 1 }, changedFields: [] })).toEqual([
      { field: 'id', before: undefined, after: '1', changed: true },
    ])
    expect(diffRows({ oldValues: { id: 1 }, newValues: null, changedFields: [] })[0]!.changed).toBe(
      true,
    )
  })
})

describe('log item helpers', () => {
  const item = {
    id: '1',
    level: 'ERROR' as const,
    message: 'boom',
    timestamp: '2026-12-02T12:00:00Z',
    userId: null,
    tenantId: null,
    sessionId: null,
    requestId: null,
    ipAddress: null,
    userAgent: null,
    url: null,
    stackTrace: null,
    durationMs: null,
    source: 'browser' as const,
  }
  it('reads breadcrumbs from the context and leaves them out of the shown context', () => {
    const crumb = { at: '2026-12-02T12:00:00Z', kind: 'click', text: 'button "Save"' }
    const withCrumbs = { ...item, context: { kind: 'uncaught', breadcrumbs: [crumb, { bad: 1 }] } }
    expect(breadcrumbsOf(withCrumbs)).toEqual([crumb])
    expect(contextOf(withCrumbs)).toEqual({ kind: 'uncaught' })
    expect(breadcrumbsOf({ ...item, context: null })).toEqual([])
    expect(contextOf({ ...item, context: { breadcrumbs: [] } })).toBeUndefined()
  })

  it('lists the levels the server knows, in its order', () => {
    expect([...LEVELS]).toEqual([...LOG_LEVELS])
  })
})
