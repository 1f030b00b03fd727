import { defineManifest } from '@stratum/layer-core/shared'

/**
 * Layer 5: logging, audit and metrics. Cross-cutting: it needs only core, and uses the session
 * (auth) and the tenant scope and permissions (multitenant) when those layers are on.
 */
export const loggingManifest = defineManifest({
  id: 'logging',
  number: 5,
  priority: 50,
  dependsOn: ['core', { id: 'auth', optional: true }, { id: 'multitenant', optional: true }],
  version: '0.1.0',
})
