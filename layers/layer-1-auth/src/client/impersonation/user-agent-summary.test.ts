import { describe, expect, it } from 'vitest'
import { summariseUserAgent } from './user-agent-summary.ts'

describe('summariseUserAgent', () => {
  it('names the browser and the system of common browsers', () => {
    expect(
      summariseUserAgent(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
      ),
    ).toEqual({ browser: 'Chrome', os: 'Linux' })
    expect(
      summariseUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0',
      ),
    ).toEqual({ browser: 'Edge', os: 'Windows' })
    expect(
      summariseUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toEqual({ browser: 'Safari', os: 'iOS' })
    expect(
      summariseUserAgent(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:121.0) Gecko Firefox/121.0',
      ),
    ).toEqual({ browser: 'Firefox', os: 'macOS' })
  })

  it('gives up on what it does not know', () => {
    expect(summariseUserAgent('node')).toBeUndefined()
    expect(summariseUserAgent('curl/8.5.0')).toBeUndefined()
  })
})
