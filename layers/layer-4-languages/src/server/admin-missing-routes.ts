import { createRoute } from '@hono/zod-openapi'
import { sql } from 'kysely'
import {
  AppError,
  audit,
  createRouter,
  errorResponse,
  jsonBody,
  jsonResponse,
} from '@stratum/layer-core/server'
import { LanguagesErrorCode } from '../shared/errors.ts'
import {
  missingListQuerySchema,
  missingListSchema,
  resolveMissingBodySchema,
} from '../shared/missing-schemas.ts'
import {
  translationIdParamSchema,
  translationResponseSchema,
} from '../shared/translation-schemas.ts'
import type { LanguagesRouteDeps } from './route-deps.ts'
import { inScope } from './translation-scope.ts'
import { checkValue, toItem, versionConflict, writeValue } from './translation-writes.ts'

const iso = (value: Date | string) => new Date(value).toISOString()

/** `/api/admin/languages/missing`: keys the SPA reported, most requested first; resolving one. */
export function adminMissingRoutes(deps: LanguagesRouteDeps) {
  const { live, compiled, tags } = deps
  const list = createRoute({
    method: 'get',
    path: '/missing',
    tags,
    summary: 'Open missing-key reports, most requested first',
    request: { query: missingListQuerySchema },
    middleware: [deps.requireAuth],
    responses: {
      200: jsonResponse(missingListSchema, 'Open reports'),
      403: errorResponse('Not a superadmin (i18n.manage)'),
    },
  })
  const resolve = createRoute({
    method: 'post',
    path: '/missing/{id}/resolve',
    tags,
    summary: 'Resolve a report by adding its global value',
    request: { params: translationIdParamSchema, body: jsonBody(resolveMissingBodySchema) },
    middleware: [deps.requireAuth],
    responses: {
      200: jsonResponse(translationResponseSchema, 'The value now stored'),
      403: errorResponse('Not a superadmin (i18n.manage)'),
      404: errorResponse('No such open report'),
      422: errorResponse('Placeholders or plural branches differ from en-US'),
    },
  })

  return createRouter()
    .openapi(list, async (c) => {
      const query = c.req.valid('query')
      const rows = await inScope(deps, c, 'global', ({ trx }) =>
        trx
          .selectFrom('i18n_missing_translations')
          .selectAll()
          .where('resolved_at', 'is', null)
          .$if(query.locale !== undefined, (qb) => qb.where('locale', '=', query.locale!))
          .$if(query.namespace !== undefined, (qb) => qb.where('namespace', '=', query.namespace!))
          .orderBy('request_count', 'desc')
          .orderBy('last_seen', 'desc')
          .limit(500)
          .execute(),
      )
      return c.json(
        {
          items: rows.map((r) => ({
            id: r.id,
            locale: r.locale,
            namespace: r.namespace,
            key: r.key,
            requestCount: r.request_count,
            firstSeen: iso(r.first_seen),
            lastSeen: iso(r.last_seen),
          })),
        },
        200,
      )
    })
    .openapi(resolve, async (c) => {
      const { id } = c.req.valid('param')
      const { value } = c.req.valid('json')
      const item = await inScope(deps, c, 'global', async (acting) => {
        const report = await acting.trx
          .selectFrom('i18n_missing_translations')
          .selectAll()
          .where('id', '=', id)
          .where('resolved_at', 'is', null)
          .forUpdate()
          .executeTakeFirst()
        if (!report)
          throw new AppError(404, LanguagesErrorCode.MISSING_NOT_FOUND, 'No such open report.')
        const input = {
          locale: report.locale,
          namespace: report.namespace,
          key: report.key,
          value,
          version: 'current' as const,
          source: 'console' as const,
        }
        checkValue(compiled, input)
        const outcome = await writeValue(acting, input)
        if (outcome.kind === 'conflict') throw versionConflict(compiled, outcome.current)
        await acting.trx
          .updateTable('i18n_missing_translations')
          .set({ resolved_at: sql<Date>`now()`, resolved_by: acting.userId })
          .where('id', '=', id)
          .execute()
        await audit(c, {
          action: 'languages.missing.resolved',
          target: { type: 'translation', id: outcome.row.id },
          ...(outcome.before ? { before: { value: outcome.before.value } } : {}),
          after: {
            locale: report.locale,
            namespace: report.namespace,
            key: report.key,
            value: outcome.row.value,
            version: outcome.row.version,
            missingId: id,
          },
        })
        return toItem(compiled, outcome.row)
      })
      await live.changed()
      return c.json({ item }, 200)
    })
}
