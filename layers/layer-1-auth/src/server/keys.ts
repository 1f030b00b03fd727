import { hkdfSync } from 'node:crypto'

/** What a derived key is for; each purpose gets its own key. */
export type KeyPurpose = 'otp-hmac' | 'access-token' | 'refresh-successor'

/**
 * Separate keys per purpose, derived from the one server secret, so a leak of one use (say an
 * OTP HMAC) says nothing about another (token signatures).
 */
export function deriveKey(secret: string, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'stratum-auth', `stratum/auth/${purpose}`, 32))
}
