import { describe, expect, it } from 'vitest'
import { addLayerEntry } from './layers-config-entry.ts'

const CONFIG = `import { defineLayersConfig } from '@stratum/layer-core/shared'

/** Layers, with a ] and a [ in a comment. */
export default defineLayersConfig({
  layers: [
    { name: 'core', enabled: true, priority: 0, openapiTags: ['core'] }, // ] not the end
    {
      name: 'auth',
      enabled: true,
      prefix: '/api/auth',
    },
  ],
})
`

describe('addLayerEntry', () => {
  it('adds one line before the closing bracket, indented like the other entries', () => {
    const updated = addLayerEntry(CONFIG, 'widgets')
    const line = `    { name: 'widgets', enabled: false, prefix: '/api/widgets', openapiTags: ['widgets'] },\n`
    expect(updated).toBe(CONFIG.replace('  ],\n', `${line}  ],\n`))
  })

  it('writes one key per line when the entry would pass 100 characters', () => {
    const id = 'a-very-long-layer-identifier'
    const updated = addLayerEntry(CONFIG, id)
    expect(updated).toContain(
      [
        '    {',
        `      name: '${id}',`,
        '      enabled: false,',
        `      prefix: '/api/${id}',`,
        `      openapiTags: ['${id}'],`,
        '    },',
        '  ],',
      ].join('\n'),
    )
  })

  it('adds the comma a last entry without one needs', () => {
    const updated = addLayerEntry(
      "export default { layers: [\n  { name: 'core', enabled: true }\n] }\n",
      'x',
    )
    expect(updated).toBe(
      "export default { layers: [\n  { name: 'core', enabled: true },\n  { name: 'x', enabled: false, prefix: '/api/x', openapiTags: ['x'] },\n] }\n",
    )
  })

  it('fills an empty inline array', () => {
    expect(addLayerEntry('export default { layers: [] }\n', 'x')).toBe(
      "export default { layers: [{ name: 'x', enabled: false, prefix: '/api/x', openapiTags: ['x'] }] }\n",
    )
  })

  it('names the problem when there is no layers array', () => {
    expect(() => addLayerEntry('export default {}\n', 'x')).toThrow("no 'layers: [' array")
  })
})
