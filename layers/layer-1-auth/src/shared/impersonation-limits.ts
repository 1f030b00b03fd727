/**
 * Impersonation limits, shared so the dialog states what the server enforces. Apart from
 * `AUTH_LIMITS`, which the sign-in page loads: only the impersonation screens need these.
 */
export const IMPERSONATION_LIMITS = {
  /** The longest a superadmin may act as another user; refreshes cannot extend it. */
  minutes: 15,
  /** The reason an impersonation must give, in characters (trimmed). */
  reasonMin: 10,
  reasonMax: 500,
  /** How far back a user's sessions list shows the impersonations of their account. */
  historyDays: 90,
} as const
