let installAll: (() => Promise<void>) | undefined

/** Set by core's install: the shell's start page waits for every layer's navigation first. */
export function setInstallAll(install: (() => Promise<void>) | undefined): void {
  installAll = install
}

/** Installs every live layer not installed yet (a no-op where the host gave no installer). */
export const installAllLayers = async (): Promise<void> => installAll?.()
