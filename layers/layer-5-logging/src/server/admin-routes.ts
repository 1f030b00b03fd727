import { createRoute, z } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import type { Kysely } from 'kysely'
import { createRouter, errorResponse, jsonResponse } from '@stratum/layer-core/server'
import {
  type AuditItem,
  auditPageSchema,
  auditQuerySchema,
  auditResourceParamsSchema,
  auditUserParamsSchema,
  auditVerifyQuerySchema,
  auditVerifySchema,
} from '../shared/audit-schemas.ts'
import { logPageSchema, logQuerySchema } from '../shared/log-schemas.ts'
import {
  metricPageSchema,
  metricQuerySchema,
  metricSummaryQuerySchema,
  metricSummarySchema,
} from '../shared/metric-schemas.ts'
import { traceParamsSchema, traceSchema } from '../shared/trace-schemas.ts'
import { loggingAccess, type AccessDeps } from './admin-access.ts'
import { verifyAuditChain } from './audit-chain.ts'
import { toMetricItem } from './admin-rows.ts'
import { findAudit, findLogs, findMetrics, summarizeMetrics } from './console-queries.ts'
import { uuidOrNull } from './uuid.ts'

const tags = ['logging-admin']
/** Optional: a superadmin reads every tenant without it; anyone else names their tenant. */
const tenantHeader = z.object({
  'x-tenant-id': z.string().min(1).max(100).optional().describe('Tenant id or slug'),
})
const refused = {
  400: errorResponse('Invalid query (details.fields)'),
  401: errorResponse('Not signed in'),
  403: errorResponse('Missing the permission (details.permission)'),
}
const TRACE_LIMIT = 200

/** `/api/admin/logging/…`: the logs, audit and metrics consoles and the request trace. */
export function adminRoutes(deps: AccessDeps) {
  /**
   * Adds each actor's email, and names a row about a user (a sign-in, a role change: resource
   * type `user`) by that user's email: one lookup per page, in the request's transaction, only
   * with the auth layer on.
   */
  const named = async <P extends { items: AuditItem[] }>(c: Context, page: P): Promise<P> => {
    if (!deps.userEmails || page.items.length === 0) return page
    // resource_id is text: only an id shaped like a user's is looked up (auth_users.id is a uuid).
    const aboutUser = (i: AuditItem) =>
      i.resourceType === 'user' && !i.resourceName ? uuidOrNull(i.resourceId) : null
    const emails = await deps.userEmails(
      page.items.flatMap((i) =>
        [i.userId, i.assumedBy, aboutUser(i)].filter((id): id is string => !!id),
      ),
      c.get('loggingDb') as unknown as Kysely<unknown>,
    )
    return {
      ...page,
      items: page.items.map((item) => {
        const email = item.userId ? emails.get(item.userId) : undefined
        const assumedByEmail = item.assumedBy ? emails.get(item.assumedBy) : undefined
        const subject = aboutUser(item)
        const resourceName = subject ? emails.get(subject) : undefined
        return {
          ...item,
          ...(email && { actorEmail: email }),
          ...(assumedByEmail && { assumedByEmail }),
          ...(resourceName && { resourceName }),
        }
      }),
    }
  }
  const audit = loggingAccess(deps, 'audit.view')
  const logs = loggingAccess(deps, 'logs.view')
  const metrics = loggingAccess(deps, 'metrics.view')
  const get = <P extends string>(path: P, middleware: MiddlewareHandler, summary: string) => ({
    method: 'get' as const,
    path,
    tags,
    summary,
    middleware: [middleware],
  })

  return createRouter()
    .openapi(
      createRoute({
        ...get('/logs', logs, 'Server and browser logs, newest first'),
        request: { headers: tenantHeader, query: logQuerySchema },
        responses: { 200: jsonResponse(logPageSchema, 'A page of logs'), ...refused },
      }),
      async (c) => c.json(await findLogs(c.get('loggingDb'), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        ...get('/audit', audit, 'Audit rows, newest first'),
        request: { headers: tenantHeader, query: auditQuerySchema },
        responses: { 200: jsonResponse(auditPageSchema, 'A page of audit rows'), ...refused },
      }),
      async (c) =>
        c.json(await named(c, await findAudit(c.get('loggingDb'), c.req.valid('query'))), 200),
    )
    .openapi(
      createRoute({
        ...get('/audit/resource/{type}/{id}', audit, "A resource's history"),
        request: {
          headers: tenantHeader,
          params: auditResourceParamsSchema,
          query: auditQuerySchema.pick({ limit: true, offset: true, cursor: true }),
        },
        responses: { 200: jsonResponse(auditPageSchema, 'Its audit rows'), ...refused },
      }),
      async (c) => {
        const { type, id } = c.req.valid('param')
        const page = c.req.valid('query')
        return c.json(
          await named(
            c,
            await findAudit(c.get('loggingDb'), { ...page, resourceType: type, resourceId: id }),
          ),
          200,
        )
      },
    )
    .openapi(
      createRoute({
        ...get('/audit/user/{id}', audit, "A user's activity"),
        request: {
          headers: tenantHeader,
          params: auditUserParamsSchema,
          query: auditQuerySchema.pick({ limit: true, offset: true, cursor: true }),
        },
        responses: { 200: jsonResponse(auditPageSchema, 'Their audit rows'), ...refused },
      }),
      async (c) => {
        const page = c.req.valid('query')
        const userId = c.req.valid('param').id
        return c.json(await named(c, await findAudit(c.get('loggingDb'), { ...page, userId })), 200)
      },
    )
    .openapi(
      createRoute({
        ...get('/audit/verify', audit, "Walks a tenant's audit hash chain"),
        request: { headers: tenantHeader, query: auditVerifyQuerySchema },
        responses: { 200: jsonResponse(auditVerifySchema, 'The chain state'), ...refused },
      }),
      async (c) => {
        // An account admin verifies their own tenant's chain, whatever the query names.
        const tenantId = c.get('loggingTenant') ?? c.req.valid('query').tenantId
        return c.json(await verifyAuditChain(c.get('loggingDb'), tenantId), 200)
      },
    )
    .openapi(
      createRoute({
        ...get('/metrics', metrics, 'Finished requests, newest first'),
        request: { headers: tenantHeader, query: metricQuerySchema },
        responses: { 200: jsonResponse(metricPageSchema, 'A page of requests'), ...refused },
      }),
      async (c) => c.json(await findMetrics(c.get('loggingDb'), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        ...get('/metrics/summary', metrics, 'Per route and per time bucket: rate and latency'),
        request: { headers: tenantHeader, query: metricSummaryQuerySchema },
        responses: { 200: jsonResponse(metricSummarySchema, 'The summary'), ...refused },
      }),
      async (c) => c.json(await summarizeMetrics(c.get('loggingDb'), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        ...get('/trace/{requestId}', logs, "One request's logs, metrics and audit rows"),
        request: { headers: tenantHeader, params: traceParamsSchema },
        responses: { 200: jsonResponse(traceSchema, 'The trace'), ...refused },
      }),
      async (c) => {
        const { requestId } = c.req.valid('param')
        const db = c.get('loggingDb')
        const page = { limit: TRACE_LIMIT, offset: 0, requestId }
        const logRows = await findLogs(db, page)
        const metricRows = await db
          .selectFrom('performance_metrics')
          .selectAll()
          .where('request_id', '=', requestId)
          .orderBy('id')
          .limit(TRACE_LIMIT)
          .execute()
        const auditRows = await named(c, await findAudit(db, page))
        return c.json(
          {
            requestId,
            logs: [...logRows.items].reverse(),
            metrics: metricRows.map(toMetricItem),
            audit: [...auditRows.items].reverse(),
          },
          200,
        )
      },
    )
}
