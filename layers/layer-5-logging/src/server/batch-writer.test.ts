import { describe, expect, it } from 'vitest'
import { BatchWriter } from './batch-writer.ts'

describe('BatchWriter', () => {
  it('writes in multi-row batches, by size or after flushMs', async () => {
    const batches: number[][] = []
    const writer = new BatchWriter<number>({
      maxBatch: 3,
      flushMs: 20,
      write: async (rows) => {
        batches.push(rows)
      },
      onError: () => undefined,
    })
    writer.push(1, 2, 3, 4)
    await new Promise((resolve) => setTimeout(resolve, 5))
    // A full batch is written at once; what is left waits for more rows or for flushMs.
    expect(batches).toEqual([[1, 2, 3]])
    writer.push(5)
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(batches).toHaveLength(1)
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ])
    expect(writer.written).toBe(5)
  })

  it('under a steady stream, writes a batch per flushMs, not back to back after each write', async () => {
    const batches: number[] = []
    const writer = new BatchWriter<number>({
      maxBatch: 10_000,
      flushMs: 100,
      // A write takes a while, as a round trip to a busy database does.
      write: (rows) =>
        new Promise((resolve) => setTimeout(() => resolve(void batches.push(rows.length)), 30)),
      onError: () => undefined,
    })
    const started = performance.now()
    let pushed = 0
    while (performance.now() - started < 550) {
      writer.push(pushed++)
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    await writer.flush()
    expect(batches.reduce((a, b) => a + b, 0)).toBe(pushed)
    // About one batch per 100 ms and the last one; back to back it was one per 30 ms write.
    expect(batches.length).toBeGreaterThanOrEqual(4)
    expect(batches.length).toBeLessThanOrEqual(8)
  })

  it('never blocks the caller while the database is stuck, and counts what it drops', async () => {
    let release: () => void = () => undefined
    const stuck = new Promise<void>((resolve) => (release = resolve))
    const writer = new BatchWriter<number>({
      maxQueue: 10,
      maxBatch: 5,
      flushMs: 1,
      write: () => stuck,
      onError: () => undefined,
    })
    const started = performance.now()
    let accepted = 0
    for (let i = 0; i < 1_000; i++) accepted += writer.push(i)
    expect(performance.now() - started).toBeLessThan(50)
    // The first batch is in flight; the queue holds at most 10 more.
    expect(accepted).toBeLessThanOrEqual(15)
    expect(writer.dropped).toBe(1_000 - accepted)
    release()
    await writer.close()
    expect(writer.written).toBe(accepted)
  })

  it('counts a failed batch as dropped and reports it once', async () => {
    const errors: number[] = []
    const writer = new BatchWriter<number>({
      write: () => Promise.reject(new Error('database down')),
      onError: (_error, rows) => errors.push(rows),
    })
    writer.push(1, 2)
    await writer.close()
    expect([writer.dropped, errors]).toEqual([2, [2]])
  })

  it('fills batches of the shape it is given as rows are pushed, up to maxBatch each', async () => {
    const written: string[] = []
    const writer = new BatchWriter<number, { text: string }>({
      maxBatch: 3,
      maxQueue: 7,
      shape: {
        create: () => ({ text: '' }),
        add: (batch, row) => {
          if (row < 0) throw new Error('no negative rows')
          batch.text += `${row};`
        },
      },
      write: async (batch) => void written.push(batch.text),
      onError: () => undefined,
    })
    // Encoded at push: a row the shape refuses is dropped there, never thrown at the caller.
    expect(writer.push(1, 2, -1, 3, 4)).toBe(4)
    expect([writer.pending, writer.dropped]).toEqual([4, 1])
    // Only 7 rows may wait: the last 2 of these 5 are dropped.
    expect(writer.push(5, 6, 7, 8, 9)).toBe(3)
    expect([writer.pending, writer.dropped]).toEqual([7, 3])
    await writer.close()
    expect(written).toEqual(['1;2;3;', '4;5;6;', '7;'])
    expect([writer.written, writer.pending]).toEqual([7, 0])
  })

  it('writes a full queue one batch per turn of the event loop, never back to back', async () => {
    // On PGlite a write runs in this thread: back to back, a full queue would hold the loop.
    const events: string[] = []
    const writer = new BatchWriter<number>({
      maxBatch: 2,
      write: async (rows) => void events.push(`write ${rows.join(',')}`),
      onError: () => undefined,
    })
    let turning = true
    const turn = () => {
      events.push('turn')
      if (turning) setImmediate(turn)
    }
    setImmediate(turn)
    writer.push(1, 2, 3, 4, 5, 6)
    await new Promise((resolve) => setTimeout(resolve, 50))
    turning = false
    const writes = events.flatMap((event, at) => (event.startsWith('write') ? [at] : []))
    expect(writes.map((at) => events[at])).toEqual(['write 1,2', 'write 3,4', 'write 5,6'])
    for (let k = 1; k < writes.length; k++)
      expect(events.slice(writes[k - 1]! + 1, writes[k])).toContain('turn')
  })
})
