import type { CompiledCatalog } from './compiled-messages.ts'
import type { LiveTranslations } from './live-translations.ts'
import type { ScopeDeps } from './translation-scope.ts'
import { z } from '@hono/zod-openapi'

/** What every route module of this layer receives. */
export interface LanguagesRouteDeps extends ScopeDeps {
  live: LiveTranslations
  compiled: CompiledCatalog
  tags: string[]
}

/** `X-Tenant-ID`: needed for a tenant scope (`tenant=<id>`), ignored for `global`. */
export const optionalTenantHeader = z.object({
  'x-tenant-id': z.string().min(1).max(100).optional().describe('Tenant id or slug'),
})
