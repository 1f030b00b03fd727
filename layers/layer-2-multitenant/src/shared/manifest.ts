import { defineManifest } from '@stratum/layer-core/shared'

/** Layer 2: tenants, roles and permissions, isolated by PostgreSQL row-level security. */
export const multitenantManifest = defineManifest({
  id: 'multitenant',
  number: 2,
  priority: 20,
  dependsOn: ['auth'],
  version: '0.1.0',
})
