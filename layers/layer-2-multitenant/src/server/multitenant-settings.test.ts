import { describe, expect, it } from 'vitest'
import { loadMultitenantSettings } from './multitenant-settings.ts'

describe('multitenant settings', () => {
  it('seeds the demo unless DEMO_SEED says otherwise', () => {
    expect(loadMultitenantSettings({}).demoSeed).toBe(true)
    for (const [value, demoSeed] of [
      ['true', true],
      ['1', true],
      [' TRUE ', true],
      ['false', false],
      ['0', false],
      ['False', false],
    ] as const)
      expect([value, loadMultitenantSettings({ DEMO_SEED: value }).demoSeed]).toEqual([
        value,
        demoSeed,
      ])
  })

  it('fails start-up with a sentence naming DEMO_SEED for anything else', () => {
    for (const value of ['yes', '', '2'])
      expect(() => loadMultitenantSettings({ DEMO_SEED: value })).toThrow(
        `Layer 'multitenant': environment variable DEMO_SEED must be true, false, 1 or 0, and '${value}' is none of them.`,
      )
  })

  it('reads CLEANUP_INVITES_AFTER_DAYS, and names it when it is not a number of days', () => {
    expect(loadMultitenantSettings({}).invitesRetentionDays).toBe(30)
    expect(loadMultitenantSettings({ CLEANUP_INVITES_AFTER_DAYS: '3' }).invitesRetentionDays).toBe(
      3,
    )
    expect(() => loadMultitenantSettings({ CLEANUP_INVITES_AFTER_DAYS: 'soon' })).toThrow(
      "Layer 'multitenant': environment variable CLEANUP_INVITES_AFTER_DAYS must be a whole number of days from 1 to 3650, and 'soon' is not.",
    )
  })
})
