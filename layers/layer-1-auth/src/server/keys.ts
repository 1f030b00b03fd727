import { hkdfSync } from 'node:crypto'

/**
 * Separate keys per purpose, derived from the one server secret, so a leak of one use (say an
 * OTP HMAC) says nothing about another (token signatures).
 */
export function deriveKey(secret: string, purpose: 'otp-hmac' | 'access-token'): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'stratum-auth', `stratum/auth/${purpose}`, 32))
}
