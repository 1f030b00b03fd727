import type { ApiClient } from '@stratum/layer-core/client'
import type { AdminLayersResponse, TenantLayersResponse } from '@stratum/layer-core/shared'

export type {
  AdminLayer,
  TenantLayersResponse,
  AdminLayersResponse,
} from '@stratum/layer-core/shared'

/** The superadmin's layer switches, under this layer's admin prefix. */
export const ADMIN_LAYERS_PATH = '/api/admin/multitenant/layers'
/** The current tenant's layers (`X-Tenant-ID`), and the switches its admins may use. */
export const TENANT_LAYERS_PATH = '/api/tenants/layers'

const under = (base: string, ...parts: string[]) =>
  [base, ...parts.map((part) => encodeURIComponent(part))].join('/')

/** Every installed layer's switches, for superadmins: the System console. */
export const layerSwitchesApi = (api: ApiClient) => ({
  list: () => api.get<AdminLayersResponse>(ADMIN_LAYERS_PATH),
  /** Switches a layer on or off for every tenant without a switch of its own. */
  setGlobal: (id: string, body: { enabled: boolean; tenantAdminsMaySwitch?: boolean }) =>
    api.put<unknown>(under(ADMIN_LAYERS_PATH, id), body),
  /** Gives one tenant its own switch; `null` makes it follow the global one again. */
  setTenant: (id: string, tenantId: string, enabled: boolean | null) =>
    api.put<unknown>(under(ADMIN_LAYERS_PATH, id, 'tenants', tenantId), { enabled }),
})

/** The current tenant's layers, for its admins: the Features section. */
export const tenantLayersApi = (api: ApiClient) => ({
  list: () => api.get<TenantLayersResponse>(TENANT_LAYERS_PATH),
  set: (id: string, enabled: boolean) =>
    api.put<TenantLayersResponse>(under(TENANT_LAYERS_PATH, id), { enabled }),
})
