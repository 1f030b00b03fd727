const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * `value` when it is shaped like a UUID, else null. The user, tenant and assumed-by columns are
 * `uuid`: a request id, a slug or a forged value there would fail the whole batch or query.
 */
export const uuidOrNull = (value: unknown): string | null =>
  typeof value === 'string' && UUID.test(value) ? value : null
