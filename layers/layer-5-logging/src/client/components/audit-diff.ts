import type { AuditItem } from '../../shared/audit-schemas.ts'

/** One field of an audit row: before, after, and whether it changed. */
export interface DiffRow {
  readonly field: string
  readonly before: string | undefined
  readonly after: string | undefined
  readonly changed: boolean
}

const show = (values: Record<string, unknown> | null, field: string): string | undefined => {
  if (!values || !(field in values)) return undefined
  const value = values[field]
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/**
 * The fields of an audit row, changed ones first (in the server's `changedFields` order), then
 * the rest alphabetically. A field counts as changed when its two sides differ: every field of
 * an insert or a delete, and for an update only what really moved (a semantic event may list a
 * field whose value stayed the same).
 */
export function diffRows(
  item: Pick<AuditItem, 'oldValues' | 'newValues' | 'changedFields'>,
): DiffRow[] {
  const fields = new Set([
    ...item.changedFields,
    ...Object.keys(item.oldValues ?? {}).sort(),
    ...Object.keys(item.newValues ?? {}).sort(),
  ])
  const rows = [...fields].map((field) => {
    const before = show(item.oldValues, field)
    const after = show(item.newValues, field)
    return { field, before, after, changed: before !== after }
  })
  return [...rows.filter((r) => r.changed), ...rows.filter((r) => !r.changed)]
}
