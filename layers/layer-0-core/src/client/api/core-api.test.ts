import { describe, expect, it } from 'vitest'
import { layersResponseParser, messageOverridesParser } from './core-api.ts'

const layer = { id: 'core', version: '1.0.0', priority: 0, dependsOn: [], prefix: null }

describe('GET /api/core/layers parser', () => {
  it('reads the live locales, leaving out entries without a code', () => {
    const parsed = layersResponseParser.parse({
      layers: [layer],
      features: ['message-overrides'],
      locales: [
        { code: 'ar-EG', name: 'Arabic (Egypt)', nativeName: 'العربية (مصر)', rtl: true },
        { code: 'es-MX', name: 'Spanish (Mexico)', nativeName: 'Español', fallback: 'es-ES' },
        { name: 'No code' },
        'fr-FR',
      ],
    })
    expect(parsed.features).toEqual(['message-overrides'])
    expect(parsed.locales).toEqual([
      { code: 'ar-EG', name: 'Arabic (Egypt)', nativeName: 'العربية (مصر)', rtl: true },
      { code: 'es-MX', name: 'Spanish (Mexico)', nativeName: 'Español', fallback: 'es-ES' },
    ])
  })

  it('gives no locales for a server that sends none (an older backend)', () => {
    expect(layersResponseParser.parse({ layers: [layer] }).locales).toEqual([])
  })
})

describe('GET /api/core/messages/{locale} parser', () => {
  it('keeps the namespaces whose value is a message tree', () => {
    expect(
      messageOverridesParser.parse({
        locale: 'fr-FR',
        messages: { core: { app: { language: 'Langue' } }, broken: 'text', list: [] },
      }),
    ).toEqual({ locale: 'fr-FR', messages: { core: { app: { language: 'Langue' } } } })
  })

  it('rejects a body without messages', () => {
    expect(() => messageOverridesParser.parse({ locale: 'fr-FR' })).toThrow(TypeError)
  })
})
