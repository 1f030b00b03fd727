import type { ApiClient } from '@stratum/layer-core/client'
import { TENANT_HEADER } from './tenant-api.ts'

/**
 * Sends `X-Tenant-ID` with every request while a tenant is selected. A header the caller set
 * itself wins, so a request can ask about another tenant (the switcher does, before switching).
 * Returns the function that removes the interceptor.
 */
export function sendTenantHeader(api: ApiClient, currentTenantId: () => string | undefined) {
  return api.addRequestInterceptor((request) => {
    const id = currentTenantId()
    if (id && !request.headers.has(TENANT_HEADER)) request.headers.set(TENANT_HEADER, id)
  })
}
