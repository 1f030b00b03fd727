/**
 * Checks a TTL and rounds it up to whole milliseconds (Redis `PX` takes integers). A zero,
 * negative or non-finite TTL is a caller's bug: failing loudly beats a key that never expires.
 */
export function toTtlMs(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`A cache TTL must be a positive number of milliseconds, got ${ttlMs}.`)
  }
  return Math.ceil(ttlMs)
}
