/**
 * The `before` and `after` of an audit record for an update: the values of `fields` in the row
 * read before the change and in the row written.
 */
export function changedFields<T extends object>(
  before: T,
  after: T,
  fields: Iterable<keyof T & string>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const names = [...fields]
  return {
    before: Object.fromEntries(names.map((name) => [name, before[name]])),
    after: Object.fromEntries(names.map((name) => [name, after[name]])),
  }
}
