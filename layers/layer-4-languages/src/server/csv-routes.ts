import { createRoute, z } from '@hono/zod-openapi'
import {
  AppError,
  audit,
  createRouter,
  CsvSyntaxError,
  errorResponse,
  jsonBody,
  jsonResponse,
  parseCsv,
  restoreCell,
  toCsv,
} from '@stratum/layer-core/server'
import { isSafeText } from '@stratum/layer-core/shared'
import {
  CSV_COLUMNS,
  exportQuerySchema,
  importBodySchema,
  importQuerySchema,
  importResultSchema,
  type ImportResult,
} from '../shared/csv-schemas.ts'
import { LanguagesErrorCode } from '../shared/errors.ts'
import { localeCodeSchema } from '../shared/locale-schemas.ts'
import { compareMessageShape } from '../shared/message-shape.ts'
import { messageKeySchema, namespaceSchema } from '../shared/translation-schemas.ts'
import { optionalTenantHeader, type LanguagesRouteDeps } from './route-deps.ts'
import type { TranslationRow } from './tables.ts'
import { inScope, type ActingScope } from './translation-scope.ts'
import { writeValue } from './translation-writes.ts'

const denied = errorResponse(
  'Not a superadmin (global), or lacking i18n.tenant-manage in the tenant',
)

type Rejected = ImportResult['rejected'][number]
interface Accepted {
  row: number
  locale: string
  namespace: string
  key: string
  value: string
  kind: 'added' | 'changed' | 'unchanged'
}

const rowsInScope = (acting: ActingScope, locale?: string) =>
  acting.trx
    .selectFrom('i18n_translations')
    .selectAll()
    .where((eb) =>
      acting.tenantId === null
        ? eb('tenant_id', 'is', null)
        : eb('tenant_id', '=', acting.tenantId),
    )
    .$if(locale !== undefined, (qb) => qb.where('locale', '=', locale!))
    .execute()

/** `/api/admin/languages/export.csv` and `/import` (dry run, then apply in one transaction). */
export function csvRoutes(deps: LanguagesRouteDeps) {
  const { live, compiled, tags } = deps

  const exportCsv = createRoute({
    method: 'get',
    path: '/export.csv',
    tags,
    summary: 'CSV (UTF-8 with BOM): namespace,key,locale,value,source_value; formulas neutralised',
    request: { query: exportQuerySchema, headers: optionalTenantHeader },
    middleware: [deps.requireAuth],
    responses: {
      200: { description: 'text/csv', content: { 'text/csv': { schema: z.string() } } },
      403: denied,
      404: errorResponse('No such locale'),
    },
  })
  const importCsv = createRoute({
    method: 'post',
    path: '/import',
    tags,
    summary:
      'Import a CSV ({ csv } in JSON): the diff on a dry run; otherwise every accepted row in one transaction',
    request: {
      query: importQuerySchema,
      headers: optionalTenantHeader,
      body: jsonBody(importBodySchema),
    },
    middleware: [deps.requireAuth],
    responses: {
      200: jsonResponse(importResultSchema, 'The diff; applied says whether it was written'),
      400: errorResponse('Unreadable CSV or missing header (CSV_INVALID, details.line)'),
      403: denied,
    },
  })

  /** Checks every row against the compiled sources and the rows in scope. */
  const diff = async (acting: ActingScope, text: string) => {
    let records
    try {
      records = parseCsv(text)
    } catch (error) {
      if (error instanceof CsvSyntaxError)
        throw new AppError(400, LanguagesErrorCode.CSV_INVALID, error.message, { line: error.line })
      throw error
    }
    const header = records.shift()?.cells.map((c) => c.trim().toLowerCase()) ?? []
    const at = Object.fromEntries(CSV_COLUMNS.map((name) => [name, header.indexOf(name)]))
    const needed = ['namespace', 'key', 'locale', 'value'] as const
    const absent = needed.filter((name) => at[name]! < 0)
    if (absent.length > 0)
      throw new AppError(
        400,
        LanguagesErrorCode.CSV_INVALID,
        `The header lacks ${absent.join(', ')}.`,
        { line: 1, missing: absent },
      )
    const current = new Map<string, TranslationRow>(
      (await rowsInScope(acting)).map((r) => [`${r.locale}|${r.namespace}|${r.key}`, r]),
    )
    const rejected: Rejected[] = []
    const accepted: Accepted[] = []
    const seen = new Set<string>()
    for (const { line, cells } of records) {
      const cell = (name: (typeof CSV_COLUMNS)[number]) => cells[at[name]!] ?? ''
      const namespace = cell('namespace').trim()
      const key = cell('key').trim()
      const locale = cell('locale').trim()
      const value = restoreCell(cell('value'))
      const reject = (reason: Rejected['reason'], message: string) =>
        rejected.push({ row: line, namespace, key, locale, reason, message })
      if (
        !namespaceSchema.safeParse(namespace).success ||
        !messageKeySchema.safeParse(key).success ||
        !localeCodeSchema.safeParse(locale).success
      ) {
        reject('MALFORMED_ROW', 'The namespace, key or locale is not well formed.')
        continue
      }
      // An empty cell means "no value here" (exports leave it empty): never a deletion.
      if (value === '') continue
      if (!live.allLocales.some((l) => l.code === locale)) {
        reject('UNKNOWN_LOCALE', `There is no locale '${locale}'.`)
        continue
      }
      const source = compiled.source(namespace, key)
      if (source === undefined) {
        reject('UNKNOWN_KEY', `'${namespace}.${key}' is not a message of any enabled layer.`)
        continue
      }
      if (!isSafeText(value) || value.length > 5000) {
        reject('INVALID_VALUE', 'The value is longer than 5000 characters or holds a NUL.')
        continue
      }
      const mismatch = compareMessageShape(source, value, locale)
      if (mismatch) {
        reject(mismatch.reason, mismatch.message)
        continue
      }
      const id = `${locale}|${namespace}|${key}`
      if (seen.has(id)) {
        reject('DUPLICATE_ROW', 'An earlier row sets the same key and locale.')
        continue
      }
      seen.add(id)
      const existing = current.get(id)
      const kind = !existing ? 'added' : existing.value === value ? 'unchanged' : 'changed'
      accepted.push({ row: line, locale, namespace, key, value, kind })
    }
    return { accepted, rejected }
  }

  return createRouter()
    .openapi(exportCsv, async (c) => {
      const query = c.req.valid('query')
      await live.currentVersion()
      if (!live.allLocales.some((l) => l.code === query.locale))
        throw new AppError(404, LanguagesErrorCode.LOCALE_NOT_FOUND, `No locale '${query.locale}'.`)
      const rows = await inScope(deps, c, query.tenant, (acting) =>
        rowsInScope(acting, query.locale),
      )
      const values = new Map(rows.map((r) => [`${r.namespace}.${r.key}`, r.value]))
      const lines: string[][] = [[...CSV_COLUMNS]]
      for (const { namespace, key, source } of compiled.keys(query.namespace)) {
        const value = values.get(`${namespace}.${key}`)
        if (
          query.missing &&
          (value !== undefined || compiled.text(query.locale, namespace, key) !== undefined)
        )
          continue
        lines.push([namespace, key, query.locale, value ?? '', source])
      }
      const name = `translations-${query.locale}-${query.tenant}.csv`
      return c.body(toCsv(lines), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"`,
        // A text body: the route's typed responses only describe JSON ones.
      }) as never
    })
    .openapi(importCsv, async (c) => {
      const { dryRun, tenant } = c.req.valid('query')
      const { csv } = c.req.valid('json')
      await live.currentVersion()
      const result = await inScope(deps, c, tenant, async (acting) => {
        const { accepted, rejected } = await diff(acting, csv)
        const count = (kind: Accepted['kind']) => accepted.filter((a) => a.kind === kind).length
        if (!dryRun) {
          for (const row of accepted.filter((a) => a.kind !== 'unchanged')) {
            const outcome = await writeValue(acting, { ...row, version: 'current', source: 'csv' })
            if (outcome.kind === 'conflict' || outcome.kind === 'unchanged') continue
            await audit(c, {
              action: `languages.translation.${outcome.kind === 'added' ? 'created' : 'updated'}`,
              target: { type: 'translation', id: outcome.row.id },
              ...(outcome.before
                ? { before: { value: outcome.before.value, version: outcome.before.version } }
                : {}),
              after: {
                locale: row.locale,
                namespace: row.namespace,
                key: row.key,
                tenantId: acting.tenantId,
                value: outcome.row.value,
                version: outcome.row.version,
                source: 'csv',
              },
            })
          }
        }
        return {
          added: count('added'),
          changed: count('changed'),
          unchanged: count('unchanged'),
          rejected,
          applied: !dryRun,
        }
      })
      if (!dryRun) await live.changed()
      return c.json(result, 200)
    })
}
