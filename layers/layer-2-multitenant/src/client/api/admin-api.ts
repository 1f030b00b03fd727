import type { ApiClient } from '@stratum/layer-core/client'
import type { Tenant } from './types.ts'

/** Superadmin tenant management, under the layer's admin prefix. */
export const ADMIN_TENANTS_PATH = '/api/admin/multitenant/tenants'

/** Which tenants the superadmin list shows. */
export type TenantStatusFilter = 'active' | 'inactive' | 'deleted' | 'all'

const at = (id: string, action = '') =>
  `${ADMIN_TENANTS_PATH}/${encodeURIComponent(id)}${action ? `/${action}` : ''}`

/** `/api/admin/multitenant/tenants` for superadmins; everyone else gets 403. */
export const tenantAdminApi = (api: ApiClient) => ({
  list: (status: TenantStatusFilter = 'all') =>
    api.get<{ tenants: Tenant[] }>(ADMIN_TENANTS_PATH, { query: { status } }),
  create: (body: { name: string; slug: string }) => api.post<Tenant>(ADMIN_TENANTS_PATH, body),
  rename: (id: string, name: string) => api.patch<Tenant>(at(id), { name }),
  deactivate: (id: string) => api.post<Tenant>(at(id, 'deactivate')),
  activate: (id: string) => api.post<Tenant>(at(id, 'activate')),
  remove: (id: string) => api.delete<void>(at(id)),
})
