import { describe, expect, it } from 'vitest'
import { DEFAULT_USER_SETTINGS, readUserSettings } from './settings-schemas.ts'

describe('readUserSettings', () => {
  it('fills in defaults, keeps valid values, and drops unknown keys and values that no longer fit', () => {
    expect(readUserSettings(undefined)).toEqual(DEFAULT_USER_SETTINGS)
    expect(
      readUserSettings({ density: 'compact', pageSize: 30, colorScheme: 'neon', retired: true }),
    ).toEqual({ ...DEFAULT_USER_SETTINGS, density: 'compact' })
    expect(readUserSettings({ pageSize: 100, emailNotifications: false })).toEqual({
      ...DEFAULT_USER_SETTINGS,
      pageSize: 100,
      emailNotifications: false,
    })
  })
})
