// The app runs under a CSP without 'unsafe-eval'. Zod probes `new Function` when a schema is
// built; the probe's failure is caught, but Chromium still reports a CSP violation. Jitless mode
// skips the probe. Imported first by core's client entry, which the app loads before any layer
// chunk, so every layer's schemas are built jitless.
//
// Zod keeps its global config on `globalThis.__zod_globalConfig` and adopts an object that is
// already there, so this sets the flag without importing zod: zod stays out of the first load
// and arrives only with the forms that validate (about 23 KB gzip the login page does not need).
interface ZodGlobal {
  __zod_globalConfig?: { jitless?: boolean }
}
const zodGlobal = globalThis as ZodGlobal
zodGlobal.__zod_globalConfig ??= {}
zodGlobal.__zod_globalConfig.jitless = true

export {}
