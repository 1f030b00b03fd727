/**
 * Sign-in limits, shared so the client can show the same numbers the server enforces.
 * Why these values is in docs/adr/002-otp-limits.md.
 */
export const AUTH_LIMITS = {
  codeLength: 6,
  codeTtlSeconds: 10 * 60,
  /** Wrong tries before a code dies. */
  triesPerCode: 5,
  /** Consecutive failures per account, across resends, before sign-in locks (NIST SP 800-63B). */
  failuresBeforeLock: 100,
  lockSeconds: 60 * 60,
  /** Failures are counted within this window, reset by a successful sign-in. */
  failureWindowSeconds: 24 * 60 * 60,
  resendCooldownSeconds: 60,
  sendsPerHour: 5,
  /** Per client IP: code requests and verifications per window. */
  ipRequestsPerWindow: 30,
  ipVerifiesPerWindow: 60,
  ipWindowSeconds: 10 * 60,
  accessTokenSeconds: 15 * 60,
  refreshTokenDays: 30,
  /**
   * A refresh token rotated less than this long ago answers with its successor instead of
   * counting as reuse, so two tabs refreshing at once both stay signed in.
   */
  refreshGraceSeconds: 10,
} as const
