import { describe, expect, it } from 'vitest'

describe('zod jitless', () => {
  it('switches zod to jitless mode without importing zod first', async () => {
    await import('./zod-jitless.ts')
    const { z } = await import('zod')
    expect(z.config().jitless).toBe(true)
    // Schemas still validate without compiled (eval) parsers.
    expect(z.object({ a: z.string() }).safeParse({ a: 1 }).success).toBe(false)
  })
})
