import { createRoute, z } from '@hono/zod-openapi'
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
  coverageQuerySchema,
  coverageSchema,
  deleteTranslationQuerySchema,
  historyListSchema,
  putTranslationBodySchema,
  rollbackBodySchema,
  tenantScopeSchema,
  translationIdParamSchema,
  translationListQuerySchema,
  translationListSchema,
  translationResponseSchema,
  type HistorySource,
  type TranslationItem,
} from '../shared/translation-schemas.ts'
import { optionalTenantHeader, type LanguagesRouteDeps } from './route-deps.ts'
import { inScope, type ActingScope } from './translation-scope.ts'
import {
  checkValue,
  deleteValue,
  toItem,
  versionConflict,
  writeValue,
  type ValueWrite,
} from './translation-writes.ts'

const denied = errorResponse(
  'Not a superadmin (global), or lacking i18n.tenant-manage in the tenant',
)
const iso = (value: Date | string) => new Date(value).toISOString()

/** Where a row id lives: the scope follows the row (global or the header's tenant). */
const rowScopeQuery = z.object({ tenant: tenantScopeSchema.default('global') })

/**
 * `/api/admin/languages/translations…` and `/coverage`: the console's list, writes with
 * optimistic concurrency, history, rollback and coverage.
 */
export function adminTranslationRoutes(deps: LanguagesRouteDeps) {
  const { live, compiled, tags } = deps
  const missingLocale = (locale: string) => {
    if (!live.allLocales.some((l) => l.code === locale))
      throw new AppError(
        404,
        LanguagesErrorCode.LOCALE_NOT_FOUND,
        `There is no locale '${locale}'.`,
      )
  }

  /** Writes, audits and (after commit) invalidates every replica's bundles. */
  const write = async (
    acting: ActingScope,
    c: Parameters<typeof audit>[0],
    input: ValueWrite,
  ): Promise<TranslationItem> => {
    checkValue(compiled, input)
    const outcome = await writeValue(acting, input)
    if (outcome.kind === 'conflict') throw versionConflict(compiled, outcome.current)
    if (outcome.kind !== 'unchanged')
      await audit(c, {
        action: `languages.translation.${outcome.kind === 'added' ? 'created' : 'updated'}`,
        target: { type: 'translation', id: outcome.row.id },
        ...(outcome.before
          ? { before: { value: outcome.before.value, version: outcome.before.version } }
          : {}),
        after: {
          locale: input.locale,
          namespace: input.namespace,
          key: input.key,
          tenantId: acting.tenantId,
          value: outcome.row.value,
          version: outcome.row.version,
          source: input.source,
        },
      })
    return toItem(compiled, outcome.row)
  }

  const list = createRoute({
    method: 'get',
    path: '/translations',
    tags,
    summary: 'Every compiled key with its database value in one locale and scope',
    request: { query: translationListQuerySchema, headers: optionalTenantHeader },
    middleware: [deps.requireAuth],
    responses: {
      200: jsonResponse(translationListSchema, 'Sorted by namespace and key'),
      403: denied,
      404: errorResponse('No such locale'),
    },
  })
  const put = createRoute({
    method: 'put',
    path: '/translations',
    tags,
    summary: 'Create (no version) or update (the version you edited) a value',
    request: { body: jsonBody(putTranslationBodySchema), headers: optionalTenantHeader },
    middleware: [deps.requireAuth],
    responses: {
      200: jsonResponse(translationResponseSchema, 'Saved'),
      403: denied,
      404: errorResponse('No such locale'),
      409: errorResponse('Stale version: details.current holds the current row (or null)'),
      422: errorResponse('Unknown key, or placeholders/plural branches differ from en-US'),
    },
  })
  const remove = createRoute({
    method: 'delete',
    path: '/translations/{id}',
    tags,
    summary: 'Delete a value (the compiled text shows again)',
    request: {
      params: translationIdParamSchema,
      query: deleteTranslationQuerySchema.extend(rowScopeQuery.shape),
      headers: optionalTenantHeader,
    },
    middleware: [deps.requireAuth],
    responses: {
      204: { description: 'Deleted' },
      403: denied,
      404: errorResponse('No such value in this scope'),
      409: errorResponse('Stale version: details.current holds the current row'),
    },
  })
  const history = createRoute({
    method: 'get',
    path: '/translations/{id}/history',
    tags,
    summary: 'Every change of a value, newest first',
    request: {
      params: translationIdParamSchema,
      query: rowScopeQuery,
      headers: optionalTenantHeader,
    },
    middleware: [deps.requireAuth],
    responses: {
      200: jsonResponse(historyListSchema, 'History'),
      403: denied,
    },
  })
  const rollback = createRoute({
    method: 'post',
    path: '/translations/{id}/rollback',
    tags,
    summary: 'Bring back the value a version had (a new version, source rollback)',
    request: {
      params: translationIdParamSchema,
      query: rowScopeQuery,
      headers: optionalTenantHeader,
      body: jsonBody(rollbackBodySchema),
    },
    middleware: [deps.requireAuth],
    responses: {
      200: jsonResponse(translationResponseSchema, 'Rolled back'),
      403: denied,
      404: errorResponse('No such value or version'),
      409: errorResponse('expectedVersion is stale'),
    },
  })
  const coverage = createRoute({
    method: 'get',
    path: '/coverage',
    tags,
    summary: 'Translated keys per locale and namespace',
    request: { query: coverageQuerySchema, headers: optionalTenantHeader },
    middleware: [deps.requireAuth],
    responses: { 200: jsonResponse(coverageSchema, 'Coverage'), 403: denied },
  })

  const rowById = (acting: ActingScope, id: string) =>
    acting.trx
      .selectFrom('i18n_translations')
      .selectAll()
      .where('id', '=', id)
      .where((eb) =>
        acting.tenantId === null
          ? eb('tenant_id', 'is', null)
          : eb('tenant_id', '=', acting.tenantId),
      )
      .forUpdate()
      .executeTakeFirst()
  const notFound = () =>
    new AppError(404, LanguagesErrorCode.TRANSLATION_NOT_FOUND, 'There is no such value here.')

  return createRouter()
    .openapi(list, async (c) => {
      const query = c.req.valid('query')
      missingLocale(query.locale)
      const rows = await inScope(deps, c, query.tenant, ({ trx, tenantId }) =>
        trx
          .selectFrom('i18n_translations')
          .selectAll()
          .where('locale', '=', query.locale)
          .where((eb) =>
            tenantId === null ? eb('tenant_id', 'is', null) : eb('tenant_id', '=', tenantId),
          )
          .$if(query.namespace !== undefined, (qb) => qb.where('namespace', '=', query.namespace!))
          .execute(),
      )
      const byKey = new Map<string, TranslationItem>()
      for (const { namespace, key, source } of compiled.keys(query.namespace)) {
        byKey.set(`${namespace}.${key}`, {
          namespace,
          key,
          locale: query.locale,
          value: null,
          source,
          compiled: compiled.text(query.locale, namespace, key) ?? null,
        })
      }
      for (const row of rows) byKey.set(`${row.namespace}.${row.key}`, toItem(compiled, row))
      const q = query.q?.toLowerCase()
      const since = query.changedSince ? Date.parse(query.changedSince) : undefined
      const items = [...byKey.values()]
        .filter(
          (item) =>
            (!query.missing || (item.value === null && item.compiled === null)) &&
            (since === undefined ||
              (item.updatedAt !== undefined && Date.parse(item.updatedAt) >= since)) &&
            (!q ||
              [`${item.namespace}.${item.key}`, item.value, item.source, item.compiled].some((t) =>
                t?.toLowerCase().includes(q),
              )),
        )
        .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.key.localeCompare(b.key))
      return c.json(
        { items: items.slice(query.offset, query.offset + query.limit), total: items.length },
        200,
      )
    })
    .openapi(put, async (c) => {
      const body = c.req.valid('json')
      missingLocale(body.locale)
      const item = await inScope(deps, c, body.tenant, (acting) =>
        write(acting, c, { ...body, version: body.version }),
      )
      await live.changed()
      return c.json({ item }, 200)
    })
    .openapi(remove, async (c) => {
      const { id } = c.req.valid('param')
      const { version, tenant } = c.req.valid('query')
      await inScope(deps, c, tenant, async (acting) => {
        const row = await rowById(acting, id)
        if (!row) throw notFound()
        if (row.version !== version) throw versionConflict(compiled, row)
        await deleteValue(acting, row, 'console')
        await audit(c, {
          action: 'languages.translation.deleted',
          target: { type: 'translation', id },
          before: {
            locale: row.locale,
            namespace: row.namespace,
            key: row.key,
            tenantId: row.tenant_id,
            value: row.value,
            version: row.version,
          },
        })
      })
      await live.changed()
      return c.body(null, 204)
    })
    .openapi(history, async (c) => {
      const { id } = c.req.valid('param')
      const { tenant } = c.req.valid('query')
      const rows = await inScope(deps, c, tenant, ({ trx, tenantId }) =>
        trx
          .selectFrom('i18n_translation_history')
          .selectAll()
          .where('translation_id', '=', id)
          .where((eb) =>
            tenantId === null ? eb('tenant_id', 'is', null) : eb('tenant_id', '=', tenantId),
          )
          .orderBy('version', 'desc')
          .orderBy('changed_at', 'desc')
          .execute(),
      )
      return c.json(
        {
          items: rows.map((r) => ({
            version: r.version,
            oldValue: r.old_value,
            newValue: r.new_value,
            changedBy: r.changed_by,
            changedAt: iso(r.changed_at),
            source: r.source as HistorySource,
          })),
        },
        200,
      )
    })
    .openapi(rollback, async (c) => {
      const { id } = c.req.valid('param')
      const { tenant } = c.req.valid('query')
      const { version, expectedVersion } = c.req.valid('json')
      const item = await inScope(deps, c, tenant, async (acting) => {
        const row = await rowById(acting, id)
        if (!row) throw notFound()
        if (expectedVersion !== undefined && expectedVersion !== row.version)
          throw versionConflict(compiled, row)
        const step = await acting.trx
          .selectFrom('i18n_translation_history')
          .select('new_value')
          .where('translation_id', '=', id)
          .where('version', '=', version)
          .executeTakeFirst()
        if (!step || step.new_value === null)
          throw new AppError(
            404,
            LanguagesErrorCode.TRANSLATION_VERSION_NOT_FOUND,
            `Version ${version} of this value is not in its history.`,
          )
        return write(acting, c, {
          locale: row.locale,
          namespace: row.namespace,
          key: row.key,
          value: step.new_value,
          version: row.version,
          source: 'rollback',
        })
      })
      await live.changed()
      return c.json({ item }, 200)
    })
    .openapi(coverage, async (c) => {
      const { tenant } = c.req.valid('query')
      const rows = await inScope(deps, c, tenant, ({ trx, tenantId }) =>
        trx
          .selectFrom('i18n_translations')
          .select(['locale', 'namespace', 'key'])
          .where((eb) =>
            tenantId === null
              ? eb('tenant_id', 'is', null)
              : eb.or([eb('tenant_id', 'is', null), eb('tenant_id', '=', tenantId)]),
          )
          .execute(),
      )
      const inDb = new Set(rows.map((r) => `${r.locale}|${r.namespace}.${r.key}`))
      const items = live.allLocales.flatMap(({ code }) =>
        compiled.namespaces().map((namespace) => {
          const keys = compiled.keys(namespace)
          const translated = keys.filter(
            ({ key }) =>
              compiled.text(code, namespace, key) !== undefined ||
              inDb.has(`${code}|${namespace}.${key}`),
          ).length
          return { locale: code, namespace, total: keys.length, translated }
        }),
      )
      return c.json({ items }, 200)
    })
}
