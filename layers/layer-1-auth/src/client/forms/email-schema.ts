import type { emailSchema } from '../../shared/schemas.ts'

/** The shared email schema (zod), as the sign-in form uses it. */
export type EmailSchema = typeof emailSchema

let loading: Promise<EmailSchema> | undefined

/**
 * Loads the shared email schema on first use, once. The schemas module pulls in zod (about
 * 23 KB gzip), which the login page must not download before someone submits the form.
 */
export function loadEmailSchema(): Promise<EmailSchema> {
  loading ??= import('../../shared/schemas.ts').then((schemas) => schemas.emailSchema)
  return loading
}
