import { defineManifest } from '@stratum/layer-core/shared'

/** Layer 3: the signed-in app: example business resources, dashboard, profile and settings. */
export const authenticatedManifest = defineManifest({
  id: 'authenticated',
  number: 3,
  priority: 30,
  dependsOn: ['multitenant'],
  version: '0.1.0',
})
