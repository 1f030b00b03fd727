import type { ColumnType, Generated, Selectable } from 'kysely'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>

/** The tables this layer's migrations create. */
export interface LanguagesDatabase {
  i18n_locales: {
    code: string
    english_name: string
    native_name: string
    flag: string | null
    is_active: Generated<boolean>
    is_rtl: Generated<boolean>
    is_default: Generated<boolean>
    fallback: string | null
    created_at: Timestamp
    updated_at: Timestamp
  }
  i18n_translations: {
    id: Generated<string>
    tenant_id: string | null
    locale: string
    namespace: string
    key: string
    value: string
    version: Generated<number>
    updated_by: string | null
    updated_at: Timestamp
  }
  i18n_translation_history: {
    id: Generated<string>
    translation_id: string
    tenant_id: string | null
    locale: string
    namespace: string
    key: string
    old_value: string | null
    new_value: string | null
    version: number
    changed_by: string | null
    changed_at: Timestamp
    source: string
  }
  i18n_missing_translations: {
    id: Generated<string>
    locale: string
    namespace: string
    key: string
    request_count: Generated<number>
    first_seen: Timestamp
    last_seen: Timestamp
    resolved_at: Date | null
    resolved_by: string | null
  }
  auth_users: { id: string; locale: string }
}

export type LocaleRow = Selectable<LanguagesDatabase['i18n_locales']>
export type TranslationRow = Selectable<LanguagesDatabase['i18n_translations']>
