// The address a code was sent to survives a reload of the code page, but only in this tab.
const KEY = 'auth.pendingEmail'

/** Reads the address a code was last sent to in this tab. */
export function readPendingEmail(): string | undefined {
  try {
    return globalThis.sessionStorage?.getItem(KEY) ?? undefined
  } catch {
    return undefined
  }
}

/** Remembers (or, with `undefined`, forgets) the address a code was sent to. */
export function writePendingEmail(email: string | undefined): void {
  try {
    if (email === undefined) globalThis.sessionStorage?.removeItem(KEY)
    else globalThis.sessionStorage?.setItem(KEY, email)
  } catch {
    // Blocked storage: the address then lasts until the page is reloaded.
  }
}
