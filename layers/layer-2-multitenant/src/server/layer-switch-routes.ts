import { createRoute, z } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import {
  AppError,
  audit,
  createRouter,
  errorResponse,
  jsonBody,
  jsonResponse,
  setRequestTenant,
  type LayerSwitches,
  type LayerSwitchWrite,
  type OnLayerSwitch,
} from '@stratum/layer-core/server'
import {
  adminLayerSchema,
  adminLayersResponseSchema,
  CoreErrorCode,
  globalLayerSwitchBodySchema,
  isPlatformLayer,
  LAYER_ID_PATTERN,
  tenantLayerOverrideBodySchema,
  tenantLayersResponseSchema,
  tenantLayerSwitchBodySchema,
} from '@stratum/layer-core/shared'
import type { AuthPrincipal } from '@stratum/layer-auth/server'
import { can } from '../shared/can.ts'
import { uuidSchema } from '../shared/schemas.ts'
import { tenantHeaders, type TenantDb } from './tenant-context.ts'

const layerParam = z.object({ id: z.string().max(100).regex(LAYER_ID_PATTERN) })
const MANAGE = 'layers.manage'

export interface LayerSwitchDeps {
  switches: LayerSwitches
  tenantDb: TenantDb
  requireAuth: MiddlewareHandler
  currentUser: (c: Context) => AuthPrincipal
}

/**
 * Audits a switch in its own transaction: the record commits or rolls back with it. The request's
 * tenant transaction, if any, is not the one the switch writes in, so it is swapped for the call.
 */
const auditSwitch =
  (c: Context): OnLayerSwitch =>
  async (trx, write: LayerSwitchWrite) => {
    const previous = c.get('transaction')
    c.set('transaction', trx)
    try {
      await audit(c, {
        action: 'core.layer.switched',
        ...(write.tenantId ? { tenantId: write.tenantId } : {}),
        target: { type: 'layer', id: write.layer },
        before: {
          scope: write.scope,
          enabled: write.from,
          ...(write.tenantAdminsMaySwitch
            ? { tenantAdminsMaySwitch: write.tenantAdminsMaySwitch.from }
            : {}),
        },
        after: {
          scope: write.scope,
          enabled: write.to,
          ...(write.tenantAdminsMaySwitch
            ? { tenantAdminsMaySwitch: write.tenantAdminsMaySwitch.to }
            : {}),
        },
      })
    } finally {
      c.set('transaction', previous)
    }
  }

/** `/api/admin/multitenant/layers`: the superadmin's view of every layer and its switches. */
export function adminLayerRoutes(deps: LayerSwitchDeps) {
  const tags = ['multitenant-admin']
  const superadmin: MiddlewareHandler = async (c, next) => {
    if (!deps.currentUser(c).isSuperadmin)
      throw new AppError(403, CoreErrorCode.FORBIDDEN, 'Only a superadmin can switch layers.', {
        permission: '*',
      })
    await next()
  }
  const guard = [deps.requireAuth, superadmin]
  const denied = errorResponse('Not a superadmin')
  const refused = errorResponse("The registry refuses the switch: its sentence is in 'error'")
  const list = createRoute({
    method: 'get',
    path: '/layers',
    tags,
    summary: 'Installed layers with their migrations and switches, global and per tenant',
    middleware: guard,
    responses: { 200: jsonResponse(adminLayersResponseSchema, 'Layers'), 403: denied },
  })
  const setGlobal = createRoute({
    method: 'put',
    path: '/layers/{id}',
    tags,
    summary: 'Switch a layer on or off for every tenant without a switch of its own',
    middleware: guard,
    request: { params: layerParam, body: jsonBody(globalLayerSwitchBodySchema) },
    responses: {
      200: jsonResponse(adminLayerSchema, 'The layer as it is now'),
      403: denied,
      404: errorResponse('No such installed layer'),
      409: refused,
    },
  })
  const setTenant = createRoute({
    method: 'put',
    path: '/layers/{id}/tenants/{tenantId}',
    tags,
    summary: "Switch a layer for one tenant; null removes the tenant's switch",
    middleware: guard,
    request: {
      params: layerParam.extend({ tenantId: uuidSchema }),
      body: jsonBody(tenantLayerOverrideBodySchema),
    },
    responses: {
      200: jsonResponse(adminLayerSchema, 'The layer as it is now'),
      403: denied,
      404: errorResponse('No such installed layer or tenant'),
      409: refused,
    },
  })
  const layerNow = async (id: string) => (await deps.switches.snapshot()).find((l) => l.id === id)!

  return createRouter()
    .openapi(list, async (c) => c.json({ layers: await deps.switches.snapshot() }, 200))
    .openapi(setGlobal, async (c) => {
      const { id } = c.req.valid('param')
      const body = c.req.valid('json')
      await deps.switches.setGlobal({ layer: id, ...body }, deps.currentUser(c).id, auditSwitch(c))
      return c.json(await layerNow(id), 200)
    })
    .openapi(setTenant, async (c) => {
      const { id, tenantId } = c.req.valid('param')
      const { enabled } = c.req.valid('json')
      // The superadmin's API: written in the platform scope (the tenant route writes as the tenant).
      await deps.switches.setTenant(
        { layer: id, tenantId, enabled },
        deps.currentUser(c).id,
        auditSwitch(c),
        'platform',
      )
      return c.json(await layerNow(id), 200)
    })
}

/**
 * `/api/tenants/layers`: the layers as they stand for the tenant in `X-Tenant-ID`, and the
 * switch its admins may use where the superadmin allows it. No tenant transaction: the switch
 * is a platform row, written in its own.
 */
export function tenantLayerRoutes(deps: LayerSwitchDeps) {
  const tags = ['multitenant']
  const { switches, tenantDb } = deps
  const member: MiddlewareHandler = async (c, next) => {
    const context = await tenantDb.resolve(c)
    c.set('tenantContext', context)
    setRequestTenant(c, context.tenant.id)
    await next()
  }
  const guard = [deps.requireAuth, member]
  const denied = errorResponse('Not a member, or not allowed to switch this layer')
  const mayManage = (c: Context) => {
    const ctx = tenantDb.context(c)
    return can(ctx, MANAGE)
  }
  const entries = (c: Context) => {
    const tenantId = tenantDb.context(c).tenant.id
    const manager = mayManage(c)
    return switches.layers.map((l) => ({
      id: l.id,
      enabled: switches.isOn(l.id, tenantId),
      switchable: manager && switches.tenantAdminsMaySwitch(l.id),
    }))
  }
  const list = createRoute({
    method: 'get',
    path: '/layers',
    tags,
    summary: 'Every installed layer, on or off for this tenant, and whether you may switch it',
    middleware: guard,
    request: { headers: tenantHeaders },
    responses: {
      200: jsonResponse(tenantLayersResponseSchema, 'Layers for this tenant'),
      403: denied,
      404: errorResponse('Unknown tenant'),
    },
  })
  const set = createRoute({
    method: 'put',
    path: '/layers/{id}',
    tags,
    summary: 'Switch a layer for this tenant (needs layers.manage and the superadmin’s consent)',
    middleware: guard,
    request: {
      headers: tenantHeaders,
      params: layerParam,
      body: jsonBody(tenantLayerSwitchBodySchema),
    },
    responses: {
      200: jsonResponse(tenantLayersResponseSchema, 'Layers for this tenant, after the switch'),
      403: denied,
      404: errorResponse('No such installed layer, or unknown tenant'),
      409: errorResponse("The registry refuses the switch: its sentence is in 'error'"),
    },
  })

  return createRouter()
    .openapi(list, (c) => c.json({ layers: entries(c) }, 200))
    .openapi(set, async (c) => {
      const { id } = c.req.valid('param')
      const ctx = tenantDb.context(c)
      if (!switches.layers.some((l) => l.id === id))
        throw new AppError(404, CoreErrorCode.NOT_FOUND, `There is no installed layer '${id}'.`)
      if (!mayManage(c))
        throw new AppError(
          403,
          CoreErrorCode.FORBIDDEN,
          `You need the permission '${MANAGE}' for this.`,
          { permission: MANAGE },
        )
      if (!isPlatformLayer(id) && !ctx.isSuperadmin && !switches.tenantAdminsMaySwitch(id))
        throw new AppError(
          403,
          CoreErrorCode.FORBIDDEN,
          `The superadmin has not allowed tenant admins to switch '${id}'.`,
        )
      await switches.setTenant(
        { layer: id, tenantId: ctx.tenant.id, enabled: c.req.valid('json').enabled },
        ctx.userId,
        auditSwitch(c),
      )
      return c.json({ layers: entries(c) }, 200)
    })
}
