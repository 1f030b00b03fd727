import { describe, expect, it } from 'vitest'
import { defineServerLayer, type AnyServerLayer } from '@stratum/layer-core/server'
import { defineManifest, type ResolvedLayer } from '@stratum/layer-core/shared'
import { createLogger } from '../logger.ts'
import { testConfig } from '../../test/support/test-host.ts'
import { collectExtensions, type ContributionPlatform } from './collect-extensions.ts'

const resolved = (id: string): ResolvedLayer => ({
  id,
  number: 1,
  version: '1.0.0',
  priority: 100,
  dependsOn: [],
  optionalDependsOn: [],
  prefix: undefined,
  openapiTags: [id],
})
const layer = (id: string, extra: Partial<AnyServerLayer> = {}) => ({
  resolved: resolved(id),
  server: defineServerLayer({
    manifest: defineManifest({ id, number: 1, priority: 100, dependsOn: [], version: '1.0.0' }),
    init: () => ({}),
    ...extra,
  }) as AnyServerLayer,
})
const platform = {
  config: testConfig(),
  env: {},
  logger: createLogger('silent'),
} as unknown as ContributionPlatform

describe('collectExtensions', () => {
  it('collects in registry order, and drops contributions to points no enabled layer owns', () => {
    const sink = { write: () => undefined }
    const other = { write: () => undefined }
    const { extensions, stages } = collectExtensions(
      [
        layer('core', { extensionPoints: ['core.audit', 'core.middleware'] }),
        layer('first', {
          contributes: {
            'core.audit': sink,
            // A point whose owner (layer 'multitenant') is not enabled here: ignored, no error.
            'multitenant.permissions': { permissions: {}, grants: {} },
          } as never,
        }),
        layer('second', { contributes: () => ({ 'core.audit': [other] }) }),
      ],
      platform,
    )
    expect(extensions.values('core.audit')).toEqual([sink, other])
    expect(extensions.entries('core.audit').map((e) => e.layer)).toEqual(['first', 'second'])
    expect(extensions.owner('core.audit')).toBe('core')
    expect(extensions.owner('multitenant.permissions')).toBeUndefined()
    expect(stages).toEqual({ beforeAuth: [], afterTenant: undefined })
  })

  it('names both layers when two declare one point, and refuses a point outside the owner id', () => {
    expect(() =>
      collectExtensions(
        [
          layer('core', { extensionPoints: ['core.audit'] }),
          layer('core2', { extensionPoints: ['core.audit'] as never }),
        ],
        platform,
      ),
    ).toThrow("Layers 'core' and 'core2' both declare the extension point 'core.audit'.")
    expect(() =>
      collectExtensions([layer('rogue', { extensionPoints: ['core.audit'] })], platform),
    ).toThrow(
      "Layer 'rogue' declares the extension point 'core.audit', whose id must start with 'rogue.'.",
    )
  })
})
