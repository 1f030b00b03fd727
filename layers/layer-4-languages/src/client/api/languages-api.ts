import type { ApiClient } from '@stratum/layer-core/client'
// Types only: `import type` keeps zod out of the layer's boot chunk.
import type {
  Coverage,
  CreateLocaleBody,
  HistoryList,
  I18nLocale,
  I18nLocaleList,
  ImportResult,
  MissingList,
  MissingItem,
  MyLocaleBody,
  PutTranslationBody,
  ReportMissingBody,
  TranslationBundle,
  TranslationList,
  TranslationResponse,
  UpdateLocaleBody,
} from '../../shared/index.ts'

/** Where the layer's endpoints live (its `prefix` in layers.config.ts, and the admin router). */
export const LANGUAGES_PATHS = {
  locales: '/api/i18n/locales',
  translations: (locale: string) => `/api/i18n/translations/${encodeURIComponent(locale)}`,
  myLocale: '/api/i18n/me/locale',
  missing: '/api/i18n/missing',
  admin: '/api/admin/languages',
} as const

const admin = LANGUAGES_PATHS.admin
const id = (value: string) => encodeURIComponent(value)
/**
 * Tenant rows are authorised in that tenant: name it in `X-Tenant-ID` (a superadmin may pick
 * a tenant other than the current one; layer 2's interceptor leaves a set header alone).
 */
const scoped = (tenant: Scope | undefined): Record<string, string> =>
  tenant && tenant !== 'global' ? { 'X-Tenant-ID': tenant } : {}

/** The console's filters, as `GET /translations` takes them. */
export interface TranslationFilters {
  locale: string
  namespace?: string | undefined
  q?: string | undefined
  missing?: boolean
  changedSince?: string
  tenant?: Scope
  limit?: number
  offset?: number
}

/** `'global'` or a tenant id: the scope of an admin call. */
export type Scope = 'global' | string

/** The public endpoints, used at every start-up. */
export const languagesApi = (api: ApiClient) => ({
  locales: () => api.get<I18nLocaleList>(LANGUAGES_PATHS.locales),
  /** The database values for a locale (the browser revalidates with the ETag). */
  bundle: (locale: string) => api.get<TranslationBundle>(LANGUAGES_PATHS.translations(locale)),
  saveMyLocale: (body: MyLocaleBody) => api.put<MyLocaleBody>(LANGUAGES_PATHS.myLocale, body),
  reportMissing: (body: ReportMissingBody) => api.post<void>(LANGUAGES_PATHS.missing, body),
})
export type LanguagesApi = ReturnType<typeof languagesApi>

/** The admin endpoints (`/api/admin/languages`), used by the console and in-context editing. */
export const languagesAdminApi = (api: ApiClient) => ({
  translations: (query: TranslationFilters) =>
    api.get<TranslationList>(`${admin}/translations`, {
      query: { ...query },
      headers: scoped(query.tenant),
    }),
  save: (body: PutTranslationBody) =>
    api.put<TranslationResponse>(`${admin}/translations`, body, { headers: scoped(body.tenant) }),
  remove: (rowId: string, version: number, tenant?: Scope) =>
    api.delete<void>(`${admin}/translations/${id(rowId)}`, {
      query: { version },
      headers: scoped(tenant),
    }),
  history: (rowId: string, tenant?: Scope) =>
    api.get<HistoryList>(`${admin}/translations/${id(rowId)}/history`, {
      headers: scoped(tenant),
    }),
  rollback: (rowId: string, version: number, tenant?: Scope) =>
    api.post<TranslationResponse>(
      `${admin}/translations/${id(rowId)}/rollback`,
      { version },
      { headers: scoped(tenant) },
    ),
  missing: (query: { locale?: string; namespace?: string } = {}) =>
    api.get<MissingList>(`${admin}/missing`, { query }),
  resolveMissing: (item: Pick<MissingItem, 'id'>, value: string) =>
    api.post<unknown>(`${admin}/missing/${id(item.id)}/resolve`, { value }),
  locales: () => api.get<I18nLocaleList>(`${admin}/locales`),
  createLocale: (body: CreateLocaleBody) =>
    api.post<{ locale: I18nLocale }>(`${admin}/locales`, body),
  updateLocale: (code: string, body: UpdateLocaleBody) =>
    api.patch<{ locale: I18nLocale }>(`${admin}/locales/${id(code)}`, body),
  deleteLocale: (code: string) => api.delete<void>(`${admin}/locales/${id(code)}`),
  coverage: (tenant: Scope) =>
    api.get<Coverage>(`${admin}/coverage`, { query: { tenant }, headers: scoped(tenant) }),
  exportCsv: (query: { locale: string; namespace?: string; tenant: Scope; missing?: boolean }) =>
    api.get<string>(`${admin}/export.csv`, {
      query,
      headers: { Accept: 'text/csv', ...scoped(query.tenant) },
      responseType: 'text',
    }),
  importCsv: (csv: string, options: { dryRun: boolean; tenant: Scope }) =>
    api.request<ImportResult>(`${admin}/import`, {
      method: 'POST',
      query: { dryRun: options.dryRun, tenant: options.tenant },
      headers: scoped(options.tenant),
      rawBody: { type: 'text/csv', text: csv },
    }),
})
export type LanguagesAdminApi = ReturnType<typeof languagesAdminApi>
