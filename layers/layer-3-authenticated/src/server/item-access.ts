import type { Context } from 'hono'
import { can } from '@stratum/layer-multitenant/shared'
import type { ItemAccess } from '../shared/item-access.ts'
import type { ResourceType } from './find-resource.ts'
import type { RouteDeps } from './route-deps.ts'

interface Item {
  readonly id: string
  readonly createdBy: string | null
}

/**
 * `items` with what the caller may do with each (`access`), decided as `tenantDb.authorize()`
 * decides a `PATCH` or `DELETE`: `can()` with the role, the own/all scope and the caller's live
 * resource policies on these rows, read in one query for the whole page.
 */
export async function withAccess<T extends Item>(
  deps: RouteDeps,
  c: Context,
  type: ResourceType,
  items: readonly T[],
): Promise<(T & { access: ItemAccess })[]> {
  const { tenantDb } = deps
  const subject = tenantDb.subject(c)
  const share = can(subject, `${type}.share`)
  // The role alone decides for every row when it grants both actions on any row.
  const roleDecides = can(subject, `${type}.edit.all`) && can(subject, `${type}.delete.all`)
  const policies = roleDecides
    ? []
    : await tenantDb.policiesOn(
        c,
        type,
        items.map((item) => item.id),
      )
  if (roleDecides)
    return items.map((item) => ({ ...item, access: { edit: true, delete: true, share } }))
  const withPolicies = { ...subject, policies }
  return items.map((item) => {
    const resource = { type, id: item.id, createdBy: item.createdBy ?? undefined }
    return {
      ...item,
      access: {
        edit: can(withPolicies, `${type}.edit`, resource),
        delete: can(withPolicies, `${type}.delete`, resource),
        share,
      },
    }
  })
}

/** One item with its `access`. */
export const withAccessOne = async <T extends Item>(
  deps: RouteDeps,
  c: Context,
  type: ResourceType,
  item: T,
): Promise<T & { access: ItemAccess }> => (await withAccess(deps, c, type, [item]))[0]!
