import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  isSafeJson,
  isSafeText,
  isUnsafeTextIssue,
  safeJson,
  safeText,
  UNSAFE_TEXT_MESSAGE,
} from './safe-text.ts'

describe('safeText', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone high surrogate at the end', 'ab\udbff'],
    ['a lone low surrogate', '\udc00ab'],
    ['two high surrogates', '\ud83d\ud83d\ude00'],
    ['a reversed pair', '\ude00\ud83d'],
  ])('refuses %s with one clear message', (_, text) => {
    const result = safeText().trim().min(1).max(3).safeParse(text)
    expect(result.error?.issues.map((i) => i.message)).toEqual([UNSAFE_TEXT_MESSAGE])
  })

  it.each([
    ['plain text', 'Acme Ltd'],
    ['an emoji (a surrogate pair)', 'Café 😀 北京'],
    ['other control characters PostgreSQL stores', 'tab\tline\nbell\u0007'],
    ['the empty string', ''],
  ])('accepts %s', (_, text) => {
    expect(safeText().parse(text)).toBe(text)
    expect(isSafeText(text)).toBe(true)
  })

  it('keeps the checks chained after it, with their own messages', () => {
    const name = safeText().trim().min(1, 'Enter a name.')
    expect(name.parse('  Acme  ')).toBe('Acme')
    expect(name.safeParse('   ').error?.issues[0]?.message).toBe('Enter a name.')
  })

  it('marks its issues, so that a form can word them apart from a field of its own', () => {
    const name = safeText().min(2)
    expect(name.safeParse('\u0000').error?.issues.map(isUnsafeTextIssue)).toEqual([true])
    expect(name.safeParse('a').error?.issues.map(isUnsafeTextIssue)).toEqual([false])
  })

  it('names the field in an object, and takes a message of its own', () => {
    const body = z.object({ name: safeText('No control characters.') })
    const issues = body.safeParse({ name: JSON.parse('"x\\u0000"') }).error?.issues
    expect(issues?.map((i) => [i.path, i.message])).toEqual([[['name'], 'No control characters.']])
    // `"\ud800"` in a JSON body parses to a lone surrogate.
    expect(body.safeParse(JSON.parse('{"name":"\\ud800"}')).success).toBe(false)
  })
})

describe('safeJson', () => {
  it.each([
    ['a string value', { a: 'x\u0000' }],
    ['a key', { ['k\ud800']: 1 }],
    ['a nested array item', { a: [1, { b: ['ok', '\udc00'] }] }],
  ])('refuses unsafe text in %s', (_, value) => {
    expect(isSafeJson(value)).toBe(false)
    expect(safeJson().safeParse(value).success).toBe(false)
  })

  it('accepts any JSON with safe text, and a deeply nested value without overflowing', () => {
    expect(safeJson().parse({ a: [1, true, null, { b: 'Café 😀' }] })).toEqual({
      a: [1, true, null, { b: 'Café 😀' }],
    })
    const deep = JSON.parse('['.repeat(100_000) + '"\\u0000"' + ']'.repeat(100_000)) as unknown
    expect(isSafeJson(deep)).toBe(false)
    expect(isSafeJson([...Array<number>(1_000_000).fill(0), 'x\u0000'])).toBe(false)
  })
})
