import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { createRouter, errorResponse, jsonResponse } from '@stratum/layer-core/server'
import { tenantHeaders, toIsoDate } from '@stratum/layer-multitenant/server'
import { dashboardSchema, type ActivityItem, type Dashboard } from '../shared/dashboard-schemas.ts'
import { tags } from './openapi-tags.ts'
import type { RouteDeps } from './route-deps.ts'
import { tenantTransaction } from './tenant-transaction.ts'
import { visibleTo } from './visible-to.ts'

const RECENT = 10

/** `GET /api/app/dashboard`: what a member sees first, in one tenant transaction. */
export function dashboardRoutes(deps: RouteDeps) {
  const { tenantDb } = deps
  const dashboard = createRoute({
    method: 'get',
    path: '/dashboard',
    tags,
    summary: 'Counts of the clients and projects I may see, members, and the last changes',
    request: { headers: tenantHeaders },
    middleware: [tenantDb.readScope],
    responses: {
      200: jsonResponse(dashboardSchema, 'Dashboard'),
      403: errorResponse('Not a member'),
    },
  })

  /** The caller's visible rows of this tenant; both tables share the columns read here. */
  function visible(c: Context, type: 'client' | 'project') {
    const query = tenantTransaction(deps, c)
      .selectFrom(`${type === 'client' ? 'app_clients' : ('app_projects' as 'app_clients')} as r`)
      .where('r.tenant_id', '=', tenantDb.context(c).tenant.id)
    const filter = visibleTo(deps, c, type, 'r')
    return filter ? query.where(filter) : query
  }

  /** The last changes of one kind, newest first; the two kinds are merged below. */
  async function recent(c: Context, type: 'client' | 'project'): Promise<ActivityItem[]> {
    const rows = await visible(c, type)
      .select(['r.id', 'r.name', 'r.created_by', 'r.created_at', 'r.updated_at', 'r.deleted_at'])
      .orderBy('r.updated_at', 'desc')
      .limit(RECENT)
      .execute()
    return rows.map((r) => ({
      type,
      id: r.id,
      name: r.name,
      action: r.deleted_at
        ? 'deleted'
        : toIsoDate(r.created_at) === toIsoDate(r.updated_at)
          ? 'created'
          : 'updated',
      at: toIsoDate(r.updated_at),
      createdBy: r.created_by,
    }))
  }

  return createRouter().openapi(dashboard, async (c) => {
    const db = tenantTransaction(deps, c)
    const tenantId = tenantDb.context(c).tenant.id
    const clients = await visible(c, 'client')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('r.deleted_at', 'is', null)
      .executeTakeFirstOrThrow()
    const projectFilter = visibleTo(deps, c, 'project', 'p')
    let projectQuery = db
      .selectFrom('app_projects as p')
      .where('p.tenant_id', '=', tenantId)
      .where('p.deleted_at', 'is', null)
    if (projectFilter) projectQuery = projectQuery.where(projectFilter)
    const byStatus = await projectQuery
      .select((eb) => ['p.status', eb.fn.countAll<string>().as('n')])
      .groupBy('p.status')
      .execute()
    const members = await db
      .selectFrom('tenant_user_roles')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow()
    const activity = [...(await recent(c, 'client')), ...(await recent(c, 'project'))]
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, RECENT)
    const count = (status: string) => Number(byStatus.find((r) => r.status === status)?.n ?? 0)
    const projects = { planned: count('planned'), active: count('active'), done: count('done') }
    const body: Dashboard = {
      clients: { active: Number(clients.n) },
      projects: { ...projects, total: projects.planned + projects.active + projects.done },
      members: Number(members.n),
      recentActivity: activity,
    }
    return c.json(body, 200)
  })
}
