import type { ThemeInfo } from './theme-catalog.ts'

/** Characters that would end or split a display name in a `From` header. */
const UNSAFE_IN_NAME = /["\\\r\n<>]/g

/**
 * The `From` of a mail sent under a theme: the theme's sender name (its `mail.senderName`) with
 * the address of `MAIL_FROM`; `MAIL_FROM` itself when the theme names no sender.
 * `themedSender('Stratum <no-reply@x>', clientA)` → `"Client A" <no-reply@x>`.
 */
export function themedSender(mailFrom: string, theme: ThemeInfo): string {
  const name = theme.senderName?.replace(UNSAFE_IN_NAME, '').trim()
  if (!name) return mailFrom
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim()
  return `"${name}" <${address}>`
}
