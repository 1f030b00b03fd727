import { afterEach, describe, expect, it, vi } from 'vitest'
import { yieldToMain } from './yield-to-main.ts'

afterEach(() => vi.unstubAllGlobals())

describe('yieldToMain', () => {
  it('uses scheduler.yield where the browser has it', async () => {
    const yielded = vi.fn(() => Promise.resolve())
    vi.stubGlobal('scheduler', { yield: yielded })
    await yieldToMain()
    expect(yielded).toHaveBeenCalledTimes(1)
  })

  it('elsewhere resumes in a later task, each caller in turn', async () => {
    vi.stubGlobal('scheduler', undefined)
    const order: string[] = []
    const first = yieldToMain().then(() => order.push('first'))
    const second = yieldToMain().then(() => order.push('second'))
    // Nothing resumes within the current task, microtasks included.
    await Promise.resolve()
    await Promise.resolve()
    expect(order).toEqual([])
    await Promise.all([first, second])
    expect(order).toEqual(['first', 'second'])
  })
})
