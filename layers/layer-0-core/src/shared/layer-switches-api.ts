import { z } from 'zod'

/** Where a layer's migrations stand, as the System console shows them. */
export const layerMigrationStateSchema = z.object({
  applied: z.number().int(),
  pending: z.number().int(),
  /** Name of the newest applied migration. */
  last: z.string().nullable(),
})

/** A tenant with its own switch for a layer. */
export const layerTenantSwitchSchema = z.object({
  tenantId: z.string(),
  slug: z.string(),
  name: z.string(),
  enabled: z.boolean(),
})

/** One installed layer in `GET /api/admin/multitenant/layers`. */
export const adminLayerSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  version: z.string(),
  priority: z.number(),
  dependsOn: z.array(z.string()),
  optionalDependsOn: z.array(z.string()),
  prefix: z.string().nullable(),
  /** Core, auth and multitenant: never switched at run time. */
  platform: z.boolean(),
  /** Whether the layer may be switched per tenant. */
  perTenant: z.boolean(),
  migrations: layerMigrationStateSchema,
  /** The global state. */
  enabled: z.boolean(),
  tenantAdminsMaySwitch: z.boolean(),
  /** Only tenants with a row of their own. */
  tenants: z.array(layerTenantSwitchSchema),
})
export const adminLayersResponseSchema = z.object({ layers: z.array(adminLayerSchema) })
export type AdminLayer = z.infer<typeof adminLayerSchema>
export type AdminLayersResponse = z.infer<typeof adminLayersResponseSchema>

/** `PUT /api/admin/multitenant/layers/{id}`: the global switch. */
export const globalLayerSwitchBodySchema = z.strictObject({
  enabled: z.boolean(),
  /** Omitted: unchanged. */
  tenantAdminsMaySwitch: z.boolean().optional(),
})
export type GlobalLayerSwitchBody = z.infer<typeof globalLayerSwitchBodySchema>

/** `PUT /api/admin/multitenant/layers/{id}/tenants/{tenantId}`: `null` follows the global state. */
export const tenantLayerOverrideBodySchema = z.strictObject({ enabled: z.boolean().nullable() })
export type TenantLayerOverrideBody = z.infer<typeof tenantLayerOverrideBodySchema>

/** One layer in `GET /api/tenants/layers`, for the tenant named in `X-Tenant-ID`. */
export const tenantLayerSchema = z.object({
  id: z.string(),
  /** Effective for this tenant. */
  enabled: z.boolean(),
  /** Whether this tenant's admins may switch it (the superadmin allows it, not a platform layer). */
  switchable: z.boolean(),
})
export const tenantLayersResponseSchema = z.object({ layers: z.array(tenantLayerSchema) })
export type TenantLayersResponse = z.infer<typeof tenantLayersResponseSchema>

/** `PUT /api/tenants/layers/{id}`. */
export const tenantLayerSwitchBodySchema = z.strictObject({ enabled: z.boolean() })
export type TenantLayerSwitchBody = z.infer<typeof tenantLayerSwitchBodySchema>
