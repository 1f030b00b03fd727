const KEY = 'stratum.logging.session'

/**
 * One id per browser session (a tab and its reloads), kept in `sessionStorage`; an in-memory id
 * when storage is blocked.
 */
export function browserSessionId(storage: Storage | undefined = globalThis.sessionStorage): string {
  try {
    const saved = storage?.getItem(KEY)
    if (saved) return saved
    const id = crypto.randomUUID()
    storage?.setItem(KEY, id)
    return id
  } catch {
    return crypto.randomUUID()
  }
}
