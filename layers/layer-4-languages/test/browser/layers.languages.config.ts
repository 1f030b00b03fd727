import { defineLayersConfig } from '@stratum/layer-core/shared'

// The workspace's layers with languages (4) enabled, for the layer's browser tests.

/**
 * A copy of the workspace's layers.config.ts with languages on. The one file both hosts read. Each entry turns a layer on or off and sets its priority
 * (lower runs first among layers whose dependencies are met), extra dependencies, API prefix
 * and OpenAPI tags. Admin endpoints of a layer live under `/api/admin/<layer>/…`.
 */
export default defineLayersConfig({
  layers: [
    { name: 'core', enabled: true, priority: 0, openapiTags: ['core'] },
    { name: 'auth', enabled: true, priority: 10, prefix: '/api/auth', openapiTags: ['auth'] },
    {
      name: 'multitenant',
      enabled: true,
      priority: 20,
      prefix: '/api/tenants',
      openapiTags: ['multitenant'],
    },
    {
      name: 'authenticated',
      enabled: true,
      priority: 30,
      prefix: '/api/app',
      openapiTags: ['app'],
    },
    {
      name: 'languages',
      enabled: true,
      priority: 40,
      prefix: '/api/i18n',
      openapiTags: ['languages'],
    },
    {
      name: 'logging',
      enabled: false,
      priority: 50,
      prefix: '/api/logs',
      openapiTags: ['logging'],
    },
  ],
})
