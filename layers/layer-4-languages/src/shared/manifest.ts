import { defineManifest } from '@stratum/layer-core/shared'

/**
 * Layer 4: languages. Wording in the database (global and per tenant) over the layers' compiled
 * messages, an admin console, and the locale list. Multitenant is optional: without it there are
 * only global values.
 */
export const languagesManifest = defineManifest({
  id: 'languages',
  number: 4,
  priority: 40,
  dependsOn: ['core', 'auth', { id: 'multitenant', optional: true }],
  version: '0.1.0',
})
