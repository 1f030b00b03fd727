import { describe, expect, it } from 'vitest'
import type { LayerConfigEntry } from './config.ts'
import type { LayerDependency, LayerManifest } from './manifest.ts'
import {
  checkLayerSwitch,
  describeLayers,
  LayerRegistryError,
  resolveLayers,
  type DiscoveredManifest,
  type LayerSwitchChange,
} from './registry.ts'

const manifest = (
  id: string,
  number: number,
  dependsOn: LayerDependency[] = [],
  priority = 100,
): DiscoveredManifest => ({
  manifest: { id, number, priority, dependsOn, version: '1.0.0' } satisfies LayerManifest,
  source: `layers/layer-${number}-${id}`,
})

const known = [
  manifest('core', 0, [], 0),
  manifest('auth', 1, ['core']),
  manifest('multitenant', 2, ['auth']),
  manifest('languages', 4, ['core']),
  manifest('logging', 5, ['core']),
]

const entry = (name: string, extra: Partial<LayerConfigEntry> = {}): LayerConfigEntry => ({
  name,
  enabled: true,
  ...extra,
})

const sentence = (layers: LayerConfigEntry[], discovered = known): string => {
  try {
    resolveLayers({ layers }, discovered)
  } catch (error) {
    expect(error).toBeInstanceOf(LayerRegistryError)
    return (error as Error).message
  }
  throw new Error('expected the registry to reject this configuration')
}

describe('resolveLayers', () => {
  it('rejects a configured layer that no package declares', () => {
    expect(sentence([entry('core'), entry('billing')])).toBe(
      "Layer 'billing' in layers.config.ts is unknown: no package under layers/ declares it.",
    )
  })

  it('rejects a dependency that is not a known layer', () => {
    const discovered = [...known, manifest('reports', 7, ['core', 'warehouse'])]
    expect(sentence([entry('core'), entry('reports')], discovered)).toBe(
      "Layer 'reports' needs 'warehouse', which is not a known layer.",
    )
  })

  it('rejects a dependency missing from the configuration', () => {
    expect(sentence([entry('core'), entry('multitenant')])).toBe(
      "Layer 'multitenant' needs 'auth', which is not listed in layers.config.ts.",
    )
  })

  it('rejects a disabled dependency', () => {
    expect(sentence([entry('core'), entry('auth', { enabled: false }), entry('multitenant')])).toBe(
      "Layer 'multitenant' needs 'auth', which is disabled in layers.config.ts.",
    )
  })

  it('rejects a cycle and prints its path', () => {
    const discovered = [
      manifest('core', 0),
      manifest('a', 1, ['b']),
      manifest('b', 2, ['c']),
      manifest('c', 3, ['a']),
    ]
    expect(sentence([entry('core'), entry('a'), entry('b'), entry('c')], discovered)).toBe(
      'Layers form a dependency cycle: a → b → c → a.',
    )
  })

  it('rejects a cycle introduced by the configuration', () => {
    expect(sentence([entry('core', { dependencies: ['logging'] }), entry('logging')])).toBe(
      'Layers form a dependency cycle: core → logging → core.',
    )
  })

  it('rejects a layer listed twice and an id declared by two packages', () => {
    expect(sentence([entry('core'), entry('auth'), entry('auth')])).toBe(
      "Layer 'auth' is listed twice in layers.config.ts.",
    )
    const twice = [...known, { ...manifest('auth', 7, ['core']), source: 'layers/layer-7-auth' }]
    expect(sentence([entry('core')], twice)).toBe(
      "Layer id 'auth' is declared twice, by layers/layer-1-auth and layers/layer-7-auth.",
    )
  })

  it('rejects two layers claiming the same or nested API prefixes', () => {
    expect(
      sentence([
        entry('core'),
        entry('languages', { prefix: '/api/i18n' }),
        entry('logging', { prefix: '/api/i18n' }),
      ]),
    ).toBe("Layers 'languages' and 'logging' both claim the API prefix '/api/i18n'.")
    expect(
      sentence([
        entry('core'),
        entry('languages', { prefix: '/api/i18n' }),
        entry('logging', { prefix: '/api/i18n/logs' }),
      ]),
    ).toBe(
      "Layers 'languages' and 'logging' claim overlapping API prefixes '/api/i18n' and '/api/i18n/logs'.",
    )
  })

  it('refuses to run without core', () => {
    expect(sentence([entry('core', { enabled: false })])).toBe(
      "Layer 'core' is disabled in layers.config.ts, and every Stratum app needs it.",
    )
    expect(sentence([entry('languages')])).toBe(
      "Layer 'core' is missing from layers.config.ts, and every Stratum app needs it.",
    )
  })

  it('rejects an invalid configuration with the path of the problem', () => {
    expect(sentence([entry('core', { prefix: 'api/x' })])).toMatch(
      /^layers\.config\.ts is invalid at layers\.0\.prefix: /,
    )
  })

  it('orders by dependency first, then priority, then number', () => {
    const discovered = [
      manifest('core', 0, [], 0),
      manifest('auth', 1, ['core'], 10),
      manifest('multitenant', 2, ['auth'], 1),
      manifest('languages', 4, ['core'], 50),
      manifest('logging', 5, ['core'], 5),
    ]
    const layers = resolveLayers(
      {
        layers: [
          entry('multitenant'),
          entry('languages', { priority: 20 }),
          entry('logging'),
          entry('auth'),
          entry('core'),
        ],
      },
      discovered,
    )
    // multitenant has the lowest priority but must wait for auth; languages' priority comes
    // from the configuration (20), not the manifest (50).
    expect(layers.map((l) => l.id)).toEqual(['core', 'logging', 'auth', 'multitenant', 'languages'])
    expect(layers.find((l) => l.id === 'languages')?.priority).toBe(20)
  })

  it('skips disabled layers that nothing needs and keeps prefixes and tags', () => {
    const layers = resolveLayers(
      {
        layers: [
          entry('core'),
          entry('auth', { prefix: '/api/auth', openapiTags: ['auth'] }),
          entry('logging', { enabled: false }),
        ],
      },
      known,
    )
    expect(layers.map((l) => [l.id, l.prefix, l.openapiTags])).toEqual([
      ['core', undefined, ['core']],
      ['auth', '/api/auth', ['auth']],
    ])
  })

  it('describes the order and the dependency tree', () => {
    const layers = resolveLayers(
      {
        layers: [
          entry('core'),
          entry('auth', { prefix: '/api/auth' }),
          entry('multitenant', { prefix: '/api/tenants' }),
          entry('logging', { prefix: '/api/logs' }),
        ],
      },
      known,
    )
    const text = describeLayers(layers)
    expect(text).toContain('1. core@1.0.0')
    expect(text).toContain('core\n├─ auth\n│  └─ multitenant\n└─ logging')
  })

  describe('optional dependencies', () => {
    const withOptional = [
      ...known,
      // languages uses multitenant's services when that layer is on, and works without it.
      manifest('translations', 6, ['core', { id: 'multitenant', optional: true }], 1),
    ]

    it('orders an enabled optional dependency first, like a required one', () => {
      const layers = resolveLayers(
        {
          layers: [
            entry('core'),
            entry('translations'),
            entry('auth', { prefix: '/api/auth' }),
            entry('multitenant', { prefix: '/api/tenants' }),
          ],
        },
        withOptional,
      )
      // translations' priority (1) would put it before auth, but it waits for multitenant.
      expect(layers.map((l) => l.id)).toEqual(['core', 'auth', 'multitenant', 'translations'])
      const translations = layers.find((l) => l.id === 'translations')!
      expect(translations.dependsOn).toEqual(['core', 'multitenant'])
      expect(translations.optionalDependsOn).toEqual(['multitenant'])
    })

    it('leaves out an optional dependency that is disabled or not configured, without an error', () => {
      for (const config of [
        [entry('core'), entry('translations'), entry('multitenant', { enabled: false })],
        [entry('core'), entry('translations')],
      ]) {
        const layers = resolveLayers({ layers: config }, withOptional)
        const translations = layers.find((l) => l.id === 'translations')!
        expect(translations.dependsOn).toEqual(['core'])
        expect(translations.optionalDependsOn).toEqual([])
      }
    })

    it('still names a required dependency that is disabled, in the same sentence as before', () => {
      const found = [...known, manifest('mixed', 7, ['auth', { id: 'logging', optional: true }])]
      expect(
        sentence([entry('core'), entry('auth', { enabled: false }), entry('mixed')], found),
      ).toBe("Layer 'mixed' needs 'auth', which is disabled in layers.config.ts.")
    })

    it('rejects a cycle through an enabled optional dependency', () => {
      const found = [
        manifest('core', 0, [], 0),
        manifest('x', 1, ['core', { id: 'y', optional: true }]),
        manifest('y', 2, ['x']),
      ]
      expect(sentence([entry('core'), entry('x'), entry('y')], found)).toBe(
        'Layers form a dependency cycle: x → y → x.',
      )
    })
  })
})

describe('checkLayerSwitch', () => {
  const discovered = [
    ...known,
    manifest('authenticated', 3, ['multitenant']),
    manifest('reports', 7, ['languages', { id: 'logging', optional: true }]),
  ]
  const layers = resolveLayers(
    {
      layers: [
        'core',
        'auth',
        'multitenant',
        'authenticated',
        'languages',
        'logging',
        'reports',
      ].map((name) => entry(name)),
    },
    discovered,
  )
  const refusal = (change: LayerSwitchChange, off: string[] = []): string => {
    try {
      checkLayerSwitch(layers, (id) => !off.includes(id), change)
    } catch (error) {
      expect(error).toBeInstanceOf(LayerRegistryError)
      return (error as Error).message
    }
    throw new Error('expected the registry to refuse this switch')
  }
  const allowed = (change: LayerSwitchChange, off: string[] = []) =>
    expect(() => checkLayerSwitch(layers, (id) => !off.includes(id), change)).not.toThrow()

  it('refuses switching off a layer that a layer on for the tenant needs', () => {
    expect(refusal({ layer: 'languages', enabled: false, tenant: 'acme' })).toBe(
      "Layer 'languages' is needed by 'reports', which is on for tenant acme.",
    )
    expect(refusal({ layer: 'languages', enabled: false })).toBe(
      "Layer 'languages' is needed by 'reports', which is on.",
    )
  })

  it('allows switching off a layer whose dependants are off there', () => {
    allowed({ layer: 'languages', enabled: false, tenant: 'acme' }, ['reports'])
  })

  it('refuses switching on a layer whose dependency is off for the tenant', () => {
    expect(refusal({ layer: 'reports', enabled: true, tenant: 'acme' }, ['languages'])).toBe(
      "Layer 'reports' needs 'languages', which is off for tenant acme.",
    )
    expect(refusal({ layer: 'reports', enabled: true }, ['languages'])).toBe(
      "Layer 'reports' needs 'languages', which is off.",
    )
  })

  it('lets an optional dependency be off, either way', () => {
    allowed({ layer: 'logging', enabled: false, tenant: 'acme' })
    allowed({ layer: 'reports', enabled: true, tenant: 'acme' }, ['logging'])
  })

  it('refuses the platform layers', () => {
    expect(refusal({ layer: 'auth', enabled: false })).toBe(
      "Layer 'auth' is part of the platform and cannot be switched off at run time.",
    )
    expect(refusal({ layer: 'multitenant', enabled: false, tenant: 'acme' })).toBe(
      "Layer 'multitenant' is part of the platform and cannot be switched per tenant.",
    )
    expect(refusal({ layer: 'multitenant', enabled: false })).toBe(
      "Layer 'multitenant' is part of the platform and cannot be switched off at run time.",
    )
    expect(refusal({ layer: 'core', enabled: true, tenant: 'acme' })).toBe(
      "Layer 'core' is part of the platform and cannot be switched per tenant.",
    )
  })

  it('refuses a layer that is not installed', () => {
    expect(refusal({ layer: 'billing', enabled: true })).toBe(
      "Layer 'billing' is not installed: layers.config.ts does not enable it.",
    )
  })
})
