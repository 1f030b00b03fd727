import { describe, expect, it } from 'vitest'
import { BOM, CsvSyntaxError, neutraliseCell, parseCsv, restoreCell, toCsv } from './csv.ts'

describe('CSV', () => {
  const tricky = [
    'Olá, ação',
    'Emoji 🎉👩‍💻',
    'مرحبا {name}',
    'She said "hi"',
    'line one\nline two\r\nline three',
    '=HYPERLINK("http://evil")',
    '+1',
    '-2',
    '@SUM(A1)',
    '\tTab',
    '\rCR',
    "'=already quoted",
    "'plain quote",
    "''=twice",
    '',
  ]

  it('round-trips any text through the serialiser and the parser', () => {
    const text = toCsv([['value'], ...tricky.map((t) => [t])])
    expect(text.startsWith(BOM)).toBe(true)
    const cells = parseCsv(text).map((r) => r.cells[0]!)
    expect(cells.slice(1).map(restoreCell)).toEqual(tricky.filter((t) => t !== ''))
  })

  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      expect(neutraliseCell(`${start}x`)).toBe(`'${start}x`)
    expect(neutraliseCell('safe')).toBe('safe')
    const text = toCsv([['=1+1']])
    expect(text).toBe(`${BOM}"'=1+1"\r\n`)
  })

  it('gives the line a record starts on, and refuses broken quoting with the line', () => {
    const records = parseCsv('a,b\r\n"multi\nline",x\n\nlast,"q""uote"')
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['multi\nline', 'x'] },
      { line: 5, cells: ['last', 'q"uote'] },
    ])
    expect(() => parseCsv('a\n"open')).toThrow(CsvSyntaxError)
    try {
      parseCsv('ok\nbad"quote')
    } catch (error) {
      expect((error as CsvSyntaxError).line).toBe(2)
    }
    expect(() => parseCsv('"closed"tail')).toThrow(/after a closing quote/)
  })
})
