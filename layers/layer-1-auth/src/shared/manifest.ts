import { defineManifest } from '@stratum/layer-core/shared'

/** Layer 1: sign-in with a one-time code sent by email. */
export const authManifest = defineManifest({
  id: 'auth',
  number: 1,
  priority: 10,
  dependsOn: ['core'],
  version: '0.1.0',
})
