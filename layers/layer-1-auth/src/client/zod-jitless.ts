import { z } from 'zod'

// The app runs under a CSP without 'unsafe-eval'. Zod probes `new Function` when a schema is
// built; the probe's failure is caught, but Chromium still reports a CSP violation. Jitless mode
// skips the probe. Imported first by the layer, before any module that builds a schema.
z.config({ jitless: true })
