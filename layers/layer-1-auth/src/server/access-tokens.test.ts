import { describe, expect, it } from 'vitest'
import { captureLogger, switchableCache } from '@stratum/host-backend/testing'
import { AccessTokens } from './access-tokens.ts'
import { SessionRevocations } from './session-revocations.ts'

const SECRET = 'access-tokens-test-secret-0123456789abcdef'
const USER = {
  id: '7d1f0a52-9a43-4d55-8f0e-0c1b2a3d4e5f',
  email: 'a@example.test',
  isSuperadmin: false,
}

const setUp = async (maxVerified?: number) => {
  const revocations = new SessionRevocations(switchableCache().cache, captureLogger().logger)
  return AccessTokens.create(SECRET, revocations, 900, maxVerified)
}
/** A token of `sid` that expires `secondsLeft` seconds from now. */
const issue = async (tokens: AccessTokens, sid: string, secondsLeft = 900) => {
  const issuedAt = new Date(Date.now() - (900 - secondsLeft) * 1000)
  return (await tokens.issue(USER, { familyId: sid, tokenId: `t-${sid}`, issuedAt })).token
}
const reason = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: { code: string; message: string }) => `${error.code}: ${error.message}`,
  )

describe('AccessTokens.verify with its memory of verified tokens', () => {
  it('answers the same claims for a token it has verified before', async () => {
    const tokens = await setUp()
    const token = await issue(tokens, 's-1')
    const first = await tokens.verify(token)
    expect(first).toEqual({ sub: USER.id, email: USER.email, sa: false, jti: 't-s-1', sid: 's-1' })
    expect(await tokens.verify(token)).toEqual(first)
  })

  it('still refuses a token changed in one byte, or signed with another key, after the real one', async () => {
    const tokens = await setUp()
    const token = await issue(tokens, 's-2')
    await tokens.verify(token)
    const [header, payload, signature] = token.split('.') as [string, string, string]
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >
    const withPayload = (p: object) =>
      `${header}.${Buffer.from(JSON.stringify(p)).toString('base64url')}.${signature}`
    expect(await reason(tokens.verify(withPayload({ ...forged, sa: true })))).toBe(
      'TOKEN_INVALID: The access token is not valid.',
    )
    // The second-to-last character carries six real signature bits (the last one carries padding).
    const replaced = token.at(-2) === 'A' ? 'B' : 'A'
    const flipped = `${token.slice(0, -2)}${replaced}${token.slice(-1)}`
    expect(flipped).not.toBe(token)
    expect(await reason(tokens.verify(flipped))).toMatch(/^TOKEN_INVALID/)
    const other = await AccessTokens.create(
      'another-secret-0123456789abcdef-0123456789',
      new SessionRevocations(switchableCache().cache, captureLogger().logger),
    )
    expect(await reason(other.verify(token))).toMatch(/^TOKEN_INVALID/)
  })

  it('refuses a remembered token once it expires', async () => {
    const tokens = await setUp()
    const token = await issue(tokens, 's-3', 1)
    expect(await reason(tokens.verify(token))).toBe('accepted')
    // exp is a whole second: wait until it has passed.
    await new Promise((resolve) => setTimeout(resolve, 2100))
    expect(await reason(tokens.verify(token))).toBe(
      'TOKEN_INVALID: Your session has expired; sign in again.',
    )
  })

  it('keeps at most maxVerified tokens and still verifies the ones it forgot', async () => {
    const tokens = await setUp(2)
    const issued = await Promise.all(['a', 'b', 'c'].map((sid) => issue(tokens, sid)))
    for (const token of issued) await tokens.verify(token)
    for (const token of issued) expect((await tokens.verify(token)).jti).toMatch(/^t-[abc]$/)
  })
})
