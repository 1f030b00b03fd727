import { z } from 'zod'

// The app runs under a CSP without 'unsafe-eval'. Zod probes `new Function` when a schema is
// built; the probe's failure is caught, but Chromium still reports a CSP violation. Jitless mode
// skips the probe. Imported first by core's client entry, which the app loads before any layer
// chunk, so every layer's schemas are built jitless.
z.config({ jitless: true })
