import { describe, expect, it } from 'vitest'
import { copyPieces, copyText } from './copy-text.ts'

describe('copyPieces', () => {
  it('makes the same text as copyText, a few hundred rows per turn of the event loop', async () => {
    const rows = Array.from({ length: 1001 }, (_, i) => [
      i,
      `tab\there, line\nthere, back\\slash ${i}`,
      null,
      new Date(Date.UTC(2026, 11, 3, 0, 0, i % 60)),
      i % 2 === 0,
    ])
    const pieces: string[] = []
    const turns: number[] = []
    let turn = 0
    const ticking = setInterval(() => turn++, 0)
    const counter = () => setImmediate(() => (turn++, pieces.length < 5 && counter()))
    counter()
    for await (const piece of copyPieces(rows)) {
      pieces.push(piece)
      turns.push(turn)
    }
    clearInterval(ticking)
    expect(pieces.join('')).toBe(copyText(rows))
    expect(pieces).toHaveLength(5)
    // Other callbacks ran between every two pieces: none was made in the same turn as the last.
    for (let i = 1; i < turns.length; i++) expect(turns[i]).toBeGreaterThan(turns[i - 1]!)
    expect(copyText([[1, null, 'a\tb']])).toBe('1\t\\N\ta\\tb\n')
  })
})
