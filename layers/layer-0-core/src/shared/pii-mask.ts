/** An email address: the local part's first character is kept, the rest masked. */
const EMAIL = /([A-Za-z0-9])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g
/** `Bearer …` credentials and JWT-shaped strings. */
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+/g
/** `token=…`, `code: …`, `"password":"…"` and the like, in URLs, JSON and prose. */
const SECRET_PAIR =
  /((?:access_?token|refresh_?token|token|code|otp|password|secret|cookie|authorization)["']?\s*[:=]\s*["']?)[^"'&\s,;}]+/gi

/**
 * Masks personal data and credentials in free text before it is logged: emails become
 * `a***@example.com`; bearer tokens, JWTs and `token=`/`code=`/`password=` values become `[redacted]`.
 */
export function maskPii(text: string): string {
  return text
    .replace(BEARER, 'Bearer [redacted]')
    .replace(JWT, '[redacted]')
    .replace(SECRET_PAIR, '$1[redacted]')
    .replace(EMAIL, '$1***@$2')
}
