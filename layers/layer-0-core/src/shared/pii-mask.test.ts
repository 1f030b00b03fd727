import { describe, expect, it } from 'vitest'
import { maskPii } from './pii-mask.ts'

describe('maskPii', () => {
  it('keeps the first letter and the domain of an email', () => {
    expect(maskPii('Code sent to maria.silva@example.com and b@x.example.org')).toBe(
      'Code sent to m***@example.com and b***@x.example.org',
    )
  })

  it('never lets tokens, codes, cookies or Authorization through', () => {
    const masked = maskPii(
      'GET /verify?code=123456&token=abc.def Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig cookie=sid=s3cr3t {"password":"hunter2","refreshToken":"r-1"}',
    )
    for (const secret of ['123456', 'abc.def', 'eyJhbGci', 's3cr3t', 'hunter2', 'r-1'])
      expect(masked).not.toContain(secret)
    expect(masked).toContain('code=[redacted]')
    expect(masked).toContain('"password":"[redacted]"')
  })

  it('leaves ordinary text alone', () => {
    expect(maskPii('Saved client 42 in 12 ms')).toBe('Saved client 42 in 12 ms')
  })
})
