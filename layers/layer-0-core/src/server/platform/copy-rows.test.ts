import { describe, expect, it } from 'vitest'
import { copyText, CopyRows } from './copy-rows.ts'
import type { CopyValue } from './database.ts'

const concat = (rows: CopyRows) => Buffer.concat(rows.chunks()).toString('utf8')

describe('CopyRows', () => {
  it('encodes each row as copyText does: nulls, escapes, dates, numbers, booleans, any UTF-8', () => {
    const rows: CopyValue[][] = [
      ['tab\there\nnew line\\ back and \\N and \rend', 1, new Date('2026-12-03T10:20:30.456Z')],
      [null, 2.5, true],
      ['Zoë ✓ 🚀 日本語', -3, false],
      ['', 0, null],
    ]
    const encoded = new CopyRows()
    for (const row of rows) encoded.add(row)
    expect(concat(encoded)).toBe(copyText(rows))
    expect(encoded.length).toBe(4)
    expect(encoded.byteLength).toBe(Buffer.byteLength(copyText(rows)))
    expect(concat(encoded)).toBe(
      'tab\\there\\nnew line\\\\ back and \\\\N and \\rend\t1\t2026-12-03T10:20:30.456Z\n' +
        '\\N\t2.5\ttrue\n' +
        'Zoë ✓ 🚀 日本語\t-3\tfalse\n' +
        '\t0\t\\N\n',
    )
  })

  it('fills buffers of growing size, and keeps a row longer than any buffer whole', () => {
    const encoded = new CopyRows()
    expect(encoded.chunks()).toEqual([])
    const rows: CopyValue[][] = []
    for (let n = 0; n < 5000; n++) rows.push([`row ${n} ✓`, n, n % 2 === 0])
    rows.push(['x'.repeat(600 * 1024), -1, null])
    rows.push(['after', 5001, null])
    for (const row of rows) encoded.add(row)
    const sizes = encoded.chunks().map((chunk) => chunk.length)
    expect(sizes.length).toBeGreaterThan(3)
    expect(Math.max(...sizes)).toBeGreaterThan(600 * 1024)
    expect(concat(encoded)).toBe(copyText(rows))
    expect(encoded.length).toBe(5002)
  })

  it('hands out what it holds so far; rows added later do not change it', () => {
    const encoded = new CopyRows()
    encoded.add(['first', 1])
    const before = encoded.chunks()
    encoded.add(['second', 2])
    expect(Buffer.concat(before).toString()).toBe('first\t1\n')
    expect(concat(encoded)).toBe('first\t1\nsecond\t2\n')
  })
})
