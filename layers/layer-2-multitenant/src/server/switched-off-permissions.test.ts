import { describe, expect, it } from 'vitest'
import { withoutSwitchedOff } from './switched-off-permissions.ts'

const catalogue = [
  { name: 'user.view', description: '', layer: 'multitenant' },
  { name: 'report.view', description: '', layer: 'multitenant' },
  { name: 'client.view', description: '', layer: 'authenticated' },
  { name: 'client.edit.own', description: '', layer: 'authenticated' },
  { name: 'project.view', description: '', layer: 'authenticated' },
  { name: 'translation.view', description: '', layer: 'languages' },
]
const off =
  (...layers: string[]) =>
  (layer: string) =>
    !layers.includes(layer)

describe('withoutSwitchedOff', () => {
  it('drops names and patterns that only grant a switched-off layer’s permissions', () => {
    expect(
      withoutSwitchedOff(
        ['user.*', 'client.*', 'client.edit', 'project.view', 'report.view'],
        catalogue,
        off('authenticated'),
      ),
    ).toEqual(['user.*', 'report.view'])
  })

  it('turns a pattern over layers on and off into the names of those that are on', () => {
    expect(withoutSwitchedOff(['*.view'], catalogue, off('authenticated'))).toEqual([
      'user.view',
      'report.view',
      'translation.view',
    ])
  })

  it('keeps everything while every layer is on, and what the catalogue does not know', () => {
    const granted = ['client.*', '*.view', 'legacy.thing']
    expect(withoutSwitchedOff(granted, catalogue, off())).toEqual(granted)
    expect(withoutSwitchedOff(['legacy.thing', '*'], catalogue, off('authenticated'))).toEqual([
      'legacy.thing',
      '*',
    ])
  })
})
