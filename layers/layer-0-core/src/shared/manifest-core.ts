import { defineManifest } from './manifest.ts'

/** Layer 0: API client, health, router mounting, error shape. */
export const coreManifest = defineManifest({
  id: 'core',
  number: 0,
  priority: 0,
  dependsOn: [],
  version: '0.1.0',
})
