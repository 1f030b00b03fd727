import { describe, expect, it } from 'vitest'
import { safeRedirect } from './safe-redirect.ts'

describe('safeRedirect', () => {
  it('keeps a path inside the app with its query and hash', () => {
    expect(safeRedirect('/account')).toBe('/account')
    expect(safeRedirect('/reports/2026?tab=sales#top')).toBe('/reports/2026?tab=sales#top')
  })

  it.each([
    ['protocol-relative', '//evil.com/x'],
    ['absolute http', 'http://evil.com'],
    ['absolute https', 'https://evil.com/account'],
    ['javascript', 'javascript:alert(1)'],
    ['data', 'data:text/html,hi'],
    ['backslash', '/\\evil.com'],
    ['tab', '/\t/evil.com'],
    ['newline', '/\n/evil.com'],
    ['relative', 'account'],
    ['empty', ''],
  ])('rejects a %s target', (_kind, value) => {
    expect(safeRedirect(value)).toBeUndefined()
  })

  it('rejects a repeated or missing query value', () => {
    expect(safeRedirect(['/a', '/b'])).toBeUndefined()
    expect(safeRedirect(null)).toBeUndefined()
    expect(safeRedirect(undefined)).toBeUndefined()
  })
})
