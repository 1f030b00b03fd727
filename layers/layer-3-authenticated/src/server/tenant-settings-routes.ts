import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { sql } from 'kysely'
import {
  AppError,
  audit,
  createRouter,
  errorResponse,
  jsonBody,
  jsonResponse,
  type ThemeCatalog,
} from '@stratum/layer-core/server'
import { changedFields, tenantHeaders } from '@stratum/layer-multitenant/server'
import { AuthenticatedErrorCode } from '../shared/errors.ts'
import {
  readTenantCurrency,
  tenantSettingsSchema,
  updateTenantSettingsBodySchema,
  type TenantSettings,
} from '../shared/settings-schemas.ts'
import { tags } from './openapi-tags.ts'
import type { RouteDeps } from './route-deps.ts'
import { tenantTransaction } from './tenant-transaction.ts'

/** What the tenant settings routes need: the themes a tenant may pick from. */
export interface TenantSettingsDeps extends RouteDeps {
  themes: ThemeCatalog
}

/**
 * `/api/app/settings/tenant`: the display name and currency (in `tenants.settings`) and
 * theme (`tenants.theme`) of the current tenant. Every member reads them (the app shows them); `settings.manage` changes them.
 */
export function tenantSettingsRoutes(deps: TenantSettingsDeps) {
  const { tenantDb } = deps
  const read = createRoute({
    method: 'get',
    path: '/settings/tenant',
    tags,
    request: { headers: tenantHeaders },
    middleware: [tenantDb.readScope],
    responses: {
      200: jsonResponse(tenantSettingsSchema, 'Tenant settings'),
      403: errorResponse('Not a member'),
    },
  })
  const write = createRoute({
    method: 'patch',
    path: '/settings/tenant',
    tags,
    summary: 'Change the display name, theme or currency (settings.manage)',
    request: { headers: tenantHeaders, body: jsonBody(updateTenantSettingsBodySchema) },
    middleware: [tenantDb.scope, tenantDb.requirePermission('settings.manage')],
    responses: {
      200: jsonResponse(tenantSettingsSchema, 'Updated'),
      400: errorResponse('Invalid fields, unknown theme or currency (details.fields)'),
      403: errorResponse('Missing settings.manage'),
    },
  })

  /** The settings as stored; `lock` holds the row until the request's transaction ends. */
  async function load(c: Context, lock = false): Promise<TenantSettings> {
    const row = await tenantTransaction(deps, c)
      .selectFrom('tenants')
      .select(['name', 'theme', 'settings'])
      .where('id', '=', tenantDb.context(c).tenant.id)
      .$if(lock, (query) => query.forUpdate())
      .executeTakeFirstOrThrow()
    const displayName = row.settings?.displayName
    return {
      name: row.name,
      displayName: typeof displayName === 'string' ? displayName : null,
      theme: row.theme,
      currency: readTenantCurrency(row.settings?.currency),
      availableThemes: deps.themes.names().sort(),
    }
  }

  return createRouter()
    .openapi(read, async (c) => c.json(await load(c), 200))
    .openapi(write, async (c) => {
      const body = c.req.valid('json')
      const tenant = tenantDb.context(c).tenant
      if (body.theme && !deps.themes.get(body.theme)) {
        throw new AppError(
          400,
          AuthenticatedErrorCode.UNKNOWN_THEME,
          `There is no theme '${body.theme}'.`,
          { fields: { theme: ['Unknown theme.'] } },
        )
      }
      // The keys this route keeps in `tenants.settings` (a null is stored, and reads as unset).
      const stored = {
        ...(body.displayName === undefined ? {} : { displayName: body.displayName }),
        ...(body.currency === undefined ? {} : { currency: body.currency }),
      }
      const values = {
        ...(body.theme === undefined ? {} : { theme: body.theme }),
        // Merged into the settings object, so keys other layers keep there survive.
        ...(Object.keys(stored).length === 0
          ? {}
          : { settings: sql<string>`settings || ${JSON.stringify(stored)}::jsonb` }),
      }
      if (Object.keys(values).length === 0) return c.json(await load(c), 200)
      const before = await load(c, true)
      await tenantTransaction(deps, c)
        .updateTable('tenants')
        .set(values)
        .where('id', '=', tenant.id)
        .execute()
      // The tenant row (theme included) is cached by layer 2 for every request.
      await tenantDb.invalidate({ id: tenant.id, slug: tenant.slug })
      const after = await load(c)
      await audit(c, {
        action: 'authenticated.tenant_settings.updated',
        target: { type: 'tenant', id: tenant.id },
        ...changedFields(before, after, Object.keys(body) as Array<keyof typeof body>),
      })
      return c.json(after, 200)
    })
}
