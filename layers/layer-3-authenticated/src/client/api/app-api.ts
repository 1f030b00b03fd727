import type { ApiClient, QueryValue } from '@stratum/layer-core/client'
// Types only: `import type` keeps zod out of the layer's chunk, which every page loads at boot.
import type {
  Client,
  ClientPage,
  CreateClientBody,
  UpdateClientBody,
} from '../../shared/client-schemas.ts'
import type { Dashboard } from '../../shared/dashboard-schemas.ts'
import type { DeletedFilter } from '../../shared/list-query.ts'
import type { Report } from '../../shared/report-schemas.ts'
import type {
  CreateProjectBody,
  Project,
  ProjectPage,
  ProjectStatus,
  UpdateProjectBody,
} from '../../shared/project-schemas.ts'
import type {
  Profile,
  TenantSettings,
  UpdateProfileBody,
  UpdateTenantSettingsBody,
  UpdateUserSettingsBody,
  UserSettings,
} from '../../shared/settings-schemas.ts'

/** Where the layer's endpoints live (its `prefix` in layers.config.ts). */
export const APP_PATHS = {
  clients: '/api/app/clients',
  projects: '/api/app/projects',
  dashboard: '/api/app/dashboard',
  reports: '/api/app/reports',
  reportsCsv: '/api/app/reports/export.csv',
  profile: '/api/app/profile',
  userSettings: '/api/app/settings/user',
  tenantSettings: '/api/app/settings/tenant',
} as const

/** What every list request sends: server-side pagination, search, sort and soft-delete filter. */
export interface ListParams<S extends string> {
  page: number
  pageSize: number
  q?: string | undefined
  sort: S
  order: 'asc' | 'desc'
  status: DeletedFilter
}

/** Project lists also filter by client and by the project's own status. */
export interface ProjectListParams extends ListParams<string> {
  clientId?: string | undefined
  projectStatus?: ProjectStatus | undefined
}

const at = (base: string, id: string, action = '') => `${base}/${encodeURIComponent(id)}${action}`
const query = (params: object) => params as Readonly<Record<string, QueryValue>>

/** The layer's endpoints over the app's one API client; layer 2 adds `X-Tenant-ID`. */
export const appApi = (api: ApiClient) => ({
  clients: (params: ListParams<string>) =>
    api.get<ClientPage>(APP_PATHS.clients, { query: query(params) }),
  client: (id: string) => api.get<Client>(at(APP_PATHS.clients, id)),
  createClient: (body: CreateClientBody) => api.post<Client>(APP_PATHS.clients, body),
  updateClient: (id: string, body: UpdateClientBody) =>
    api.patch<Client>(at(APP_PATHS.clients, id), body),
  /** Soft delete: answers the client with `deletedAt` set; restorable. */
  deleteClient: (id: string) => api.delete<Client>(at(APP_PATHS.clients, id)),
  restoreClient: (id: string) => api.post<Client>(at(APP_PATHS.clients, id, '/restore')),

  projects: (params: ProjectListParams) =>
    api.get<ProjectPage>(APP_PATHS.projects, { query: query(params) }),
  project: (id: string) => api.get<Project>(at(APP_PATHS.projects, id)),
  createProject: (body: CreateProjectBody) => api.post<Project>(APP_PATHS.projects, body),
  updateProject: (id: string, body: UpdateProjectBody) =>
    api.patch<Project>(at(APP_PATHS.projects, id), body),
  deleteProject: (id: string) => api.delete<Project>(at(APP_PATHS.projects, id)),
  restoreProject: (id: string) => api.post<Project>(at(APP_PATHS.projects, id, '/restore')),

  dashboard: () => api.get<Dashboard>(APP_PATHS.dashboard),
  report: (months: number) => api.get<Report>(APP_PATHS.reports, { query: { months } }),
  /** The monthly report as CSV text (the BOM may be gone: `Response.text()` drops it). */
  reportCsv: (months: number) =>
    api.get<string>(APP_PATHS.reportsCsv, {
      query: { months },
      headers: { Accept: 'text/csv' },
      responseType: 'text',
    }),
  profile: () => api.get<Profile>(APP_PATHS.profile),
  updateProfile: (body: UpdateProfileBody) => api.patch<Profile>(APP_PATHS.profile, body),
  userSettings: () => api.get<UserSettings>(APP_PATHS.userSettings),
  updateUserSettings: (body: UpdateUserSettingsBody) =>
    api.patch<UserSettings>(APP_PATHS.userSettings, body),
  tenantSettings: () => api.get<TenantSettings>(APP_PATHS.tenantSettings),
  updateTenantSettings: (body: UpdateTenantSettingsBody) =>
    api.patch<TenantSettings>(APP_PATHS.tenantSettings, body),
})

export type AppApi = ReturnType<typeof appApi>

/** The calls one client's or project's page makes (`ItemDetail`), by type. */
export const itemApis = (app: AppApi) => ({
  client: {
    load: app.client,
    update: app.updateClient,
    remove: app.deleteClient,
    restore: app.restoreClient,
  },
  project: {
    load: app.project,
    update: app.updateProject,
    remove: app.deleteProject,
    restore: app.restoreProject,
  },
})
