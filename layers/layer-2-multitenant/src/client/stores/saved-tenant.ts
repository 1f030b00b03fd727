/** localStorage key of the tenant the user last worked in. */
export const TENANT_STORAGE_KEY = 'stratum.tenant'

/** The saved tenant id; storage that throws (privacy mode) counts as none. */
export function readSavedTenant(): string | undefined {
  try {
    return globalThis.localStorage?.getItem(TENANT_STORAGE_KEY) ?? undefined
  } catch {
    return undefined
  }
}

/** Saves the selected tenant id, or forgets it when `undefined`. */
export function writeSavedTenant(id: string | undefined): void {
  try {
    if (id === undefined) globalThis.localStorage?.removeItem(TENANT_STORAGE_KEY)
    else globalThis.localStorage?.setItem(TENANT_STORAGE_KEY, id)
  } catch {
    // Storage may be full or blocked; the choice then lasts for this visit only.
  }
}
