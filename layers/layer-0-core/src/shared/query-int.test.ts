import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { queryInt } from './query-int.ts'

describe('queryInt', () => {
  const query = z.object({ pageSize: queryInt({ min: 1, max: 100, default: 25 }) })

  it('reads decimal digits, and uses the default when the parameter is absent', () => {
    expect(query.parse({ pageSize: '16' })).toEqual({ pageSize: 16 })
    expect(query.parse({ pageSize: '007' })).toEqual({ pageSize: 7 })
    expect(query.parse({})).toEqual({ pageSize: 25 })
  })

  it.each(['0x10', '1e1', '0b11', '0o7', ' 10', '10 ', '+10', '-1', '10.0', '1_0', '', 'Infinity'])(
    'refuses %j, which Number() would read',
    (text) => {
      const issues = query.safeParse({ pageSize: text }).error?.issues
      expect(issues?.map((i) => [i.path, i.message])).toEqual([
        [['pageSize'], 'Use decimal digits only.'],
      ])
    },
  )

  it('keeps the bounds', () => {
    expect(query.safeParse({ pageSize: '0' }).success).toBe(false)
    expect(query.safeParse({ pageSize: '101' }).success).toBe(false)
    expect(query.safeParse({ pageSize: '9'.repeat(400) }).success).toBe(false)
  })

  it('is required without a default', () => {
    expect(z.object({ n: queryInt() }).safeParse({}).success).toBe(false)
  })
})
