import { sql, type Kysely, type Migration } from 'kysely'
import { RUNTIME_ROLE } from '@stratum/layer-core/server'

/** The tenant of the current transaction, or NULL when unset (layer 2's convention). */
const CURRENT_TENANT = `(select nullif(current_setting('app.tenant_id', true), '')::uuid)`
/**
 * Global rows are written only on the admin path, which opens its transaction with
 * `app.i18n_scope = 'global'` and no tenant: a tenant-scoped request can never touch them.
 */
const GLOBAL_WRITE = `((select current_setting('app.i18n_scope', true)) = 'global' and ${CURRENT_TENANT} is null)`

/**
 * Rows with a tenant are that tenant's; rows without one are global. Everyone reads global rows
 * and their own tenant's; writes need the row's tenant to be the transaction's, or the global path.
 */
const isolate = (table: string) => [
  `alter table ${table} enable row level security`,
  `alter table ${table} force row level security`,
  `create policy ${table}_read on ${table} for select using (tenant_id is null or tenant_id = ${CURRENT_TENANT})`,
  `create policy ${table}_tenant on ${table} using (tenant_id = ${CURRENT_TENANT}) with check (tenant_id = ${CURRENT_TENANT})`,
  `create policy ${table}_global on ${table} using (tenant_id is null and ${GLOBAL_WRITE}) with check (tenant_id is null and ${GLOBAL_WRITE})`,
]

const ddl = [
  `create table i18n_locales (
    code text primary key check (length(code) between 2 and 35),
    english_name text not null check (length(english_name) between 1 and 100),
    native_name text not null check (length(native_name) between 1 and 100),
    flag text check (flag ~ '^([A-Z]{2}|[0-9]{3})$'),
    is_active boolean not null default true,
    is_rtl boolean not null default false,
    is_default boolean not null default false,
    fallback text references i18n_locales(code) on delete set null check (fallback <> code),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  // At most one default locale.
  `create unique index i18n_locales_default_key on i18n_locales (is_default) where is_default`,
  `insert into i18n_locales (code, english_name, native_name, flag, is_default) values
    ('pt-BR', 'Portuguese (Brazil)', 'Português (Brasil)', 'BR', true),
    ('en-US', 'English (US)', 'English (US)', 'US', false),
    ('es-ES', 'Spanish (Spain)', 'Español (España)', 'ES', false)`,
  // tenant_id has no foreign key: the multitenant layer (and its tenants table) is optional.
  `create table i18n_translations (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid,
    locale text not null references i18n_locales(code) on delete cascade on update cascade,
    namespace text not null check (namespace ~ '^[a-z][a-z0-9-]*$' and length(namespace) <= 50),
    key text not null check (length(key) between 1 and 200),
    value text not null check (length(value) <= 5000),
    version integer not null default 1,
    updated_by uuid references auth_users(id) on delete set null,
    updated_at timestamptz not null default now(),
    -- NULLS NOT DISTINCT (PostgreSQL 15+, PGlite 17): one global row per key, not one per NULL.
    constraint i18n_translations_key unique nulls not distinct (tenant_id, locale, namespace, key)
  )`,
  `create index i18n_translations_locale_idx on i18n_translations (locale, tenant_id)`,
  `create index i18n_translations_tenant_idx on i18n_translations (tenant_id)`,
  `create index i18n_translations_updated_idx on i18n_translations (updated_at)`,
  // The key is copied, so the history of a deleted value stays readable.
  `create table i18n_translation_history (
    id uuid primary key default gen_random_uuid(),
    translation_id uuid not null,
    tenant_id uuid,
    locale text not null,
    namespace text not null,
    key text not null,
    old_value text,
    new_value text,
    version integer not null,
    changed_by uuid references auth_users(id) on delete set null,
    changed_at timestamptz not null default clock_timestamp(),
    source text not null check (source in ('console', 'csv', 'rollback', 'in-context'))
  )`,
  `create index i18n_translation_history_row_idx on i18n_translation_history (translation_id, version)`,
  `create index i18n_translation_history_tenant_idx on i18n_translation_history (tenant_id)`,
  // Reports from the SPA are about compiled keys, the same for every tenant: no tenant column.
  `create table i18n_missing_translations (
    id uuid primary key default gen_random_uuid(),
    locale text not null references i18n_locales(code) on delete cascade on update cascade,
    namespace text not null,
    key text not null,
    request_count integer not null default 1,
    first_seen timestamptz not null default now(),
    last_seen timestamptz not null default now(),
    resolved_at timestamptz,
    resolved_by uuid references auth_users(id) on delete set null,
    unique (locale, namespace, key)
  )`,
  `create index i18n_missing_open_idx on i18n_missing_translations (request_count desc) where resolved_at is null`,
  ...isolate('i18n_translations'),
  ...isolate('i18n_translation_history'),
  `grant select, insert, update, delete on i18n_locales, i18n_translations, i18n_missing_translations to ${RUNTIME_ROLE}`,
  // History is append-only for requests.
  `grant select, insert on i18n_translation_history to ${RUNTIME_ROLE}`,
]

/** Locales (seeded pt-BR default, en-US, es-ES), values, their history and missing-key reports. */
export const languages: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of ddl) await sql.raw(statement).execute(db)
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'i18n_missing_translations',
      'i18n_translation_history',
      'i18n_translations',
      'i18n_locales',
    ]) {
      await sql.raw(`drop table ${table}`).execute(db)
    }
  },
}
