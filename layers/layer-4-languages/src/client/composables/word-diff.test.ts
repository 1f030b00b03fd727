import { describe, expect, it } from 'vitest'
import { wordDiff } from './word-diff.ts'

describe('wordDiff', () => {
  it('marks the words removed and added, keeping the rest', () => {
    expect(wordDiff('See the clients now', 'See the patients now')).toEqual([
      { kind: 'same', text: 'See the ' },
      { kind: 'added', text: 'patients' },
      { kind: 'removed', text: 'clients' },
      { kind: 'same', text: ' now' },
    ])
  })

  it('shows a first value as all added and a deletion as all removed', () => {
    expect(wordDiff('', 'Olá')).toEqual([{ kind: 'added', text: 'Olá' }])
    expect(wordDiff('Olá mundo', '')).toEqual([{ kind: 'removed', text: 'Olá mundo' }])
  })
})
