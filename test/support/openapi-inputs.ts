import { randomUUID } from 'node:crypto'
import type { TestHost } from '@stratum/host-backend/testing'

/**
 * Every input of every route in the OpenAPI document, as the input property test probes them:
 * valid sample values for a whole request, and the string "slots" (path and query parameters,
 * body fields at any depth, record keys and values) that can carry a poisoned value.
 */

export interface Schema {
  type?: string | string[]
  format?: string
  properties?: Record<string, Schema>
  additionalProperties?: Schema | boolean
  enum?: unknown[]
  minLength?: number
  maxLength?: number
  minimum?: number
  items?: Schema
  anyOf?: Schema[]
  pattern?: string
  $ref?: string
}

interface Parameter {
  name: string
  in: string
  schema?: Schema
}

export interface ApiOperation {
  method: string
  path: string
  /** Declares `X-Tenant-ID`: called inside a tenant. */
  tenantScoped: boolean
  params: Parameter[]
  body: Schema | undefined
}

/** Where a value sits in a request: `fields` names it as `details.fields` of a 400 would. */
export interface Slot {
  in: 'path' | 'query' | 'body'
  /** Body: the JSON path; parameters: the name alone. */
  at: Array<string | number>
  /** The poisoned value is an object key (of a record), not a value. */
  key?: boolean
  schema: Schema
}

/** The `details.fields` key a refusal names: a record key is named by its record, plus the key. */
export const slotName = (slot: Pick<Slot, 'at' | 'key'>) =>
  (slot.key ? slot.at.slice(0, -1) : slot.at).join('.')

/** Every operation of the document, `$ref`s resolved. */
export async function apiOperations(t: TestHost): Promise<ApiOperation[]> {
  const doc = (await (await t.request('/api/openapi.json')).json()) as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: Parameter[]
          requestBody?: { content?: Record<string, { schema?: Schema }> }
        }
      >
    >
    components?: { schemas?: Record<string, Schema> }
  }
  const deref = (s: Schema | undefined): Schema | undefined =>
    s?.$ref ? doc.components?.schemas?.[s.$ref.split('/').pop()!] : s
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const params = (op.parameters ?? []).map((p) => ({ ...p, schema: deref(p.schema) }))
      return {
        method: method.toUpperCase(),
        path,
        tenantScoped: params.some(
          (p) => p.in === 'header' && p.name.toLowerCase() === 'x-tenant-id',
        ),
        params,
        body: deref(op.requestBody?.content?.['application/json']?.schema),
      }
    }),
  )
}

const types = (s: Schema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : [])
/** The first branch of a union that is not `null`: what a sample uses. */
const branch = (s: Schema): Schema =>
  s.anyOf ? branch(s.anyOf.find((b) => !types(b).includes('null')) ?? s.anyOf[0]!) : s
const isString = (s: Schema): boolean =>
  s.anyOf ? s.anyOf.some(isString) : types(s).includes('string')

/**
 * Known-good values by field name, for what a schema cannot say: an id that must exist, a theme
 * that must be installed.
 */
export type Hints = Readonly<Record<string, string>>

let serial = 0
/** Texts tried, in order, for a string with a pattern: the first that fits is the sample. */
const patterned = () => [`sample-${serial++}`, 'client.view', '123456', 'en-US', '+1 555 0100']

/**
 * A value the schema accepts; `name` is the field's name (emails are plain strings there). Texts
 * are unique, so that creating one resource does not make the next sample a duplicate.
 */
export function sampleOf(schema: Schema | undefined, name = '', hints: Hints = {}): unknown {
  if (!schema) return undefined
  if (hints[name] !== undefined) return hints[name]
  const s = branch(schema)
  if (s.enum) return s.enum[0]
  const type = types(s).find((x) => x !== 'null')
  if (type === 'object' || s.properties) {
    return Object.fromEntries(
      Object.entries(s.properties ?? {}).map(([k, v]) => [k, sampleOf(v, k, hints)]),
    )
  }
  if (type === 'array') return [sampleOf(s.items, name, hints)]
  if (type === 'boolean') return true
  if (type === 'integer' || type === 'number') return Math.max(s.minimum ?? 1, 1)
  if (s.format === 'uuid') return randomUUID()
  if (s.format === 'date') return '2030-01-01'
  if (s.format === 'date-time') return new Date(Date.now() + 3_600_000).toISOString()
  if (s.format === 'email' || /email/i.test(name)) return `probe-${randomUUID()}@example.test`
  if (s.pattern) {
    const pattern = new RegExp(s.pattern)
    const fits = patterned().find((v) => pattern.test(v) && v.length >= (s.minLength ?? 0))
    if (fits) return fits
  }
  return `Sample text ${serial++}`.padEnd(s.minLength ?? 0, '.').slice(0, s.maxLength ?? Infinity)
}

/** The key a sample record holds (records are sampled empty). */
const RECORD_KEY = 'probe'

/** Every string input of the operation: path and query parameters, and body strings at any depth. */
export function stringSlots(op: ApiOperation): Slot[] {
  const slots: Slot[] = op.params
    .filter((p) => (p.in === 'path' || p.in === 'query') && p.schema && isString(p.schema))
    .map((p) => ({ in: p.in as 'path' | 'query', at: [p.name], schema: p.schema! }))
  const walk = (schema: Schema | undefined, at: Array<string | number>) => {
    if (!schema) return
    if (isString(schema)) slots.push({ in: 'body', at, schema })
    const s = branch(schema)
    for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, [...at, k])
    if (s.items) walk(s.items, [...at, 0])
    if (s.additionalProperties && !s.properties) {
      // A record: its keys are strings, and so may be its values whatever their schema says.
      slots.push({ in: 'body', at: [...at, RECORD_KEY], key: true, schema: { type: 'string' } })
      slots.push({ in: 'body', at: [...at, RECORD_KEY], schema: { type: 'string' } })
    }
  }
  walk(op.body, [])
  return slots
}

/** Integer query parameters: where a number arrives as text. */
export const integerQueryParams = (op: ApiOperation) =>
  op.params.filter(
    (p) => p.in === 'query' && p.schema && types(branch(p.schema)).includes('integer'),
  )

/** `value` at `at` inside a copy of `root` (as a key when `key`, holding a sample string). */
function setAt(root: unknown, at: Array<string | number>, value: unknown, key = false): unknown {
  if (at.length === 0) return value
  const [head, ...rest] = at
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<
    string | number,
    unknown
  >
  if (key && rest.length === 0) {
    delete copy[head!]
    copy[String(value)] = 'Sample text'
    return copy
  }
  copy[head!] = setAt(copy[head!] ?? {}, rest, value, key)
  return copy
}

export interface ProbeRequest {
  url: string
  body: unknown
}

/**
 * A request for `op` with sample values everywhere, or with `value` in `slot` instead (in a query
 * parameter that may be a number too). Parameters are percent-encoded as a browser would.
 */
export function buildRequest(
  op: ApiOperation,
  hints: Hints,
  override?: { in: Slot['in']; at: Array<string | number>; key?: boolean; value: string },
): ProbeRequest {
  const param = (p: Parameter) =>
    override && override.in === p.in && override.at[0] === p.name
      ? override.value
      : String(sampleOf(p.schema, p.name, hints))
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(param(op.params.find((p) => p.in === 'path' && p.name === name)!)),
  )
  const query = op.params
    .filter((p) => p.in === 'query')
    .map((p) => `${p.name}=${encodeURIComponent(param(p))}`)
    .join('&')
  let body = op.body ? sampleOf(op.body, '', hints) : undefined
  if (override?.in === 'body') body = setAt(body, override.at, override.value, override.key)
  return { url: query ? `${path}?${query}` : path, body }
}

/** The sample value of a slot with `poison` in its middle, so that only the poison is wrong. */
export function poisoned(op: ApiOperation, hints: Hints, slot: Slot, poison: string): string {
  let sample: unknown = RECORD_KEY
  if (!slot.key && slot.in === 'body') {
    sample = slot.at.reduce<unknown>(
      (v, k) => (v as Record<string | number, unknown> | undefined)?.[k],
      buildRequest(op, hints).body,
    )
  }
  if (!slot.key && slot.in !== 'body') sample = sampleOf(slot.schema, String(slot.at[0]), hints)
  const text = typeof sample === 'string' ? sample : `Sample text ${serial++}`
  const middle = Math.ceil(text.length / 2)
  return text.slice(0, middle) + poison + text.slice(middle)
}
