/** Error codes of the auth layer; the client maps each to translated text. */
export const AuthErrorCode = {
  /** Wrong code; `details.attemptsLeft` says how many tries the code has left. */
  OTP_INVALID: 'OTP_INVALID',
  /** No live code: expired, replaced by a newer one, or never sent (or a wrong code for a used one). */
  OTP_EXPIRED: 'OTP_EXPIRED',
  /** The right code, but another submission already signed in with it (409). */
  OTP_ALREADY_USED: 'OTP_ALREADY_USED',
  /** The code took 5 wrong tries and is dead. */
  OTP_TOO_MANY_ATTEMPTS: 'OTP_TOO_MANY_ATTEMPTS',
  /** 100 consecutive failures: sign-in is locked for an hour (`Retry-After`). */
  ACCOUNT_LOCKED: 'ACCOUNT_LOCKED',
  /** Send throttle per email (1 per minute, 5 per hour) with `Retry-After`. */
  OTP_SEND_THROTTLED: 'OTP_SEND_THROTTLED',
  /** Per-IP limit on code requests or verifications, with `Retry-After`. */
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  MAIL_DELIVERY_FAILED: 'MAIL_DELIVERY_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  TOKEN_INVALID: 'TOKEN_INVALID',
  REFRESH_TOKEN_INVALID: 'REFRESH_TOKEN_INVALID',
  /** An already rotated refresh token came back: its whole family is revoked. */
  REFRESH_TOKEN_REUSED: 'REFRESH_TOKEN_REUSED',
  ACCOUNT_DISABLED: 'ACCOUNT_DISABLED',
  CSRF_REJECTED: 'CSRF_REJECTED',
  INSECURE_TRANSPORT: 'INSECURE_TRANSPORT',
  /** 403: this user cannot be impersonated (a superadmin, a disabled account); the message says why. */
  IMPERSONATION_REFUSED: 'IMPERSONATION_REFUSED',
  /**
   * 422: the tenant named for an impersonation does not exist, or the user is not a member of it
   * (or this platform has no tenants); the message says which.
   */
  IMPERSONATION_TENANT_INVALID: 'IMPERSONATION_TENANT_INVALID',
  /** 409: a superadmin already acting as someone must stop before acting as another user. */
  ALREADY_IMPERSONATING: 'ALREADY_IMPERSONATING',
  /** 409: stop was asked of a session that is not an impersonation. */
  NOT_IMPERSONATING: 'NOT_IMPERSONATING',
  /** 401: the impersonation's time is up (or it was stopped): refresh cannot extend it. */
  IMPERSONATION_ENDED: 'IMPERSONATION_ENDED',
  USER_NOT_FOUND: 'USER_NOT_FOUND',
  SESSION_NOT_FOUND: 'SESSION_NOT_FOUND',
  /** 409: the current session ends by signing out, not from the sessions list. */
  SESSION_IS_CURRENT: 'SESSION_IS_CURRENT',
} as const

export type AuthErrorCode = (typeof AuthErrorCode)[keyof typeof AuthErrorCode]
