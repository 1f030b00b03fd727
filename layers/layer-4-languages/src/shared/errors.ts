/** Error codes of the languages layer; the client translates them under `languages.errors.<CODE>`. */
export const LanguagesErrorCode = {
  /** The locale code names no locale (or an inactive one on public routes). */
  LOCALE_NOT_FOUND: 'LOCALE_NOT_FOUND',
  /** `POST /locales`: a locale with this code exists. */
  LOCALE_EXISTS: 'LOCALE_EXISTS',
  /** The default locale and en-US cannot be deleted or deactivated. */
  LOCALE_PROTECTED: 'LOCALE_PROTECTED',
  /** A fallback names an unknown locale, or itself. */
  LOCALE_FALLBACK_INVALID: 'LOCALE_FALLBACK_INVALID',
  /** No database value with this id (in this scope). */
  TRANSLATION_NOT_FOUND: 'TRANSLATION_NOT_FOUND',
  /** `namespace.key` is not a compiled message of an enabled layer. */
  TRANSLATION_KEY_UNKNOWN: 'TRANSLATION_KEY_UNKNOWN',
  /** The version sent is not the current one; `details.current` holds the current row (or null). */
  TRANSLATION_VERSION_CONFLICT: 'TRANSLATION_VERSION_CONFLICT',
  /** The value's `{placeholders}` or `|` plural branches differ from the en-US source (`details`). */
  TRANSLATION_PLACEHOLDER_MISMATCH: 'TRANSLATION_PLACEHOLDER_MISMATCH',
  /** `POST /translations/:id/rollback`: the history holds no such version. */
  TRANSLATION_VERSION_NOT_FOUND: 'TRANSLATION_VERSION_NOT_FOUND',
  /** `POST /missing/:id/resolve`: no such report. */
  MISSING_NOT_FOUND: 'MISSING_NOT_FOUND',
  /** The CSV cannot be read (`details.line`), or lacks the required header. */
  CSV_INVALID: 'CSV_INVALID',
  /** Tenant rows need the multitenant layer, which is disabled. */
  TENANTS_DISABLED: 'TENANTS_DISABLED',
  /** `tenant` and `X-Tenant-ID` name different tenants. */
  TENANT_MISMATCH: 'TENANT_MISMATCH',
} as const

export type LanguagesErrorCode = (typeof LanguagesErrorCode)[keyof typeof LanguagesErrorCode]
