import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_TARGETS, type SignedIn } from '@stratum/host-backend/testing'
import { createWorld, type World } from '@stratum/layer-multitenant/testing'
import layersConfig from '../layers.config.ts'
import {
  apiOperations,
  buildRequest,
  integerQueryParams,
  poisoned,
  slotName,
  stringSlots,
  type ApiOperation,
  type Hints,
  type ProbeRequest,
  type Slot,
} from './support/openapi-inputs.ts'

/**
 * Property over every route of the OpenAPI document, with every layer `layers.config.ts` enables:
 * text that PostgreSQL refuses (NUL in `text`, a lone UTF-16 surrogate in `jsonb`) is refused at
 * validation with 400 `VALIDATION_FAILED` naming the field, in every string path parameter, query
 * parameter and body field (record keys and values included), and never reaches the database as
 * a 500. Each probe has a control: the same request without the poison does not name the field.
 * Integer query parameters accept decimal digits only (`0x10` is not 16). Headers are left out:
 * HTTP refuses NUL in them before any route sees it.
 */

/** The languages layer can be turned off in layers.config.ts; its routes are then absent. */
const languagesEnabled = layersConfig.layers.some((l) => l.name === 'languages' && l.enabled)

const NUL = '\u0000'
/** A URL cannot carry a lone surrogate (it is not UTF-8): only JSON bodies can. */
const LONE_SURROGATES = ['\ud800', '\udfff', 'x\udc00']
/** Numbers `Number()` reads that are not decimal digits. */
const NOT_DECIMAL = ['0x10', '1e1', '0b11', ' 10', '10 ', '+10', '10.0', '1_0']

interface ErrorBody {
  code?: string
  details?: { fields?: Record<string, string[]> }
}

describe.each(TEST_TARGETS)('every input of every route is validated strictly (%s)', (target) => {
  let w: World
  let ops: ApiOperation[]
  let hints: Hints
  let ip = 0

  /** Calls as the superadmin under `/api/admin`, as tenant A's admin inside A elsewhere. */
  const call = async (op: ApiOperation, req: ProbeRequest) => {
    const who: SignedIn = op.path.startsWith('/api/admin/') ? w.superadmin : w.adminA
    const headers = who.headers(
      op.tenantScoped ? w.a.slug : undefined,
      req.body === undefined ? {} : { 'content-type': 'application/json' },
    )
    // Each call from its own address: sign-in routes limit requests per address.
    const from = `10.250.${Math.floor(ip / 250)}.${(ip++ % 250) + 1}`
    const res = await w.t.request(
      req.url,
      {
        method: op.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
      },
      from,
    )
    const text = await res.text()
    let body: ErrorBody = {}
    try {
      body = JSON.parse(text) as ErrorBody
    } catch {
      // not JSON: reported through the status
    }
    return { status: res.status, body }
  }
  const names = (body: ErrorBody, name: string) =>
    Object.keys(body.details?.fields ?? {}).some((k) => k === name || k.startsWith(`${name}.`))

  /** Empty when `value` in `at` is refused as invalid and the same request without it is not. */
  async function probe(
    op: ApiOperation,
    slot: Pick<Slot, 'in' | 'at' | 'key'>,
    control: string,
    value: string,
  ): Promise<string[]> {
    const label = `${op.method} ${op.path} ${slot.in} ${slotName(slot)}${slot.key ? ' (key)' : ''}=${JSON.stringify(value)}`
    const problems: string[] = []
    const ok = await call(op, buildRequest(op, hints, { ...slot, value: control }))
    if (ok.status >= 500 || names(ok.body, slotName(slot)))
      problems.push(
        `${label}: the control without it answered ${ok.status} ${JSON.stringify(ok.body.details)}`,
      )
    const bad = await call(op, buildRequest(op, hints, { ...slot, value }))
    if (
      bad.status !== 400 ||
      bad.body.code !== 'VALIDATION_FAILED' ||
      !names(bad.body, slotName(slot))
    )
      problems.push(
        `${label} → ${bad.status} ${bad.body.code ?? ''} ${JSON.stringify(bad.body.details ?? {})}`,
      )
    return problems
  }

  beforeAll(async () => {
    w = await createWorld(target, { layersConfig })
    ops = await apiOperations(w.t)
    const client = await w.json('POST', '/api/app/clients', w.adminA, w.a.slug, { name: 'Probe' })
    expect(client.status).toBe(201)
    hints = {
      clientId: ((await client.json()) as { id: string }).id,
      theme: 'base',
      resourceType: 'client',
      // A locale's flag is a region code, which no generic sample is.
      flag: 'BR',
    }
  })
  afterAll(() => w?.t.close())

  it('finds the routes and inputs to probe', () => {
    const all = ops.flatMap((op) =>
      stringSlots(op).map(
        (s) => `${op.method} ${op.path} ${s.in} ${slotName(s)}${s.key ? ' (key)' : ''}`,
      ),
    )
    expect(all).toEqual(
      expect.arrayContaining([
        'GET /api/core/messages/{locale} path locale',
        'POST /api/app/clients body name',
        'POST /api/app/clients body notes',
        'GET /api/app/clients query q',
        'GET /api/app/projects query q',
        'GET /api/admin/multitenant/tenants query q',
        'PATCH /api/app/profile body name',
        'PATCH /api/app/settings/tenant body displayName',
        'POST /api/tenants/roles body name',
        'POST /api/tenants/roles body permissions.0',
        'POST /api/admin/multitenant/tenants body name',
        'PATCH /api/admin/multitenant/tenants/{id} body settings (key)',
        'PATCH /api/admin/multitenant/tenants/{id} body settings.probe',
        'DELETE /api/app/clients/{id} path id',
        'POST /api/logs/batch body entries.0.message',
        'POST /api/logs/error body entry.context.probe',
        'GET /api/admin/logging/logs query q',
        'GET /api/admin/logging/audit query resourceId',
        'GET /api/admin/logging/audit/resource/{type}/{id} path type',
        'GET /api/admin/logging/trace/{requestId} path requestId',
        ...(languagesEnabled
          ? [
              'GET /api/i18n/translations/{locale} path locale',
              'PUT /api/admin/languages/translations body value',
              'POST /api/admin/languages/import body csv',
              'POST /api/i18n/missing body items.0.key',
            ]
          : []),
      ]),
    )
  })

  it('refuses NUL in every string path parameter, query parameter and body field', async () => {
    const problems: string[] = []
    for (const op of ops)
      for (const slot of stringSlots(op))
        problems.push(
          ...(await probe(op, slot, poisoned(op, hints, slot, ''), poisoned(op, hints, slot, NUL))),
        )
    expect(problems).toEqual([])
  })

  it('refuses a lone UTF-16 surrogate in every string body field', async () => {
    const problems: string[] = []
    for (const op of ops)
      for (const slot of stringSlots(op).filter((s) => s.in === 'body'))
        for (const surrogate of LONE_SURROGATES)
          problems.push(
            ...(await probe(
              op,
              slot,
              poisoned(op, hints, slot, ''),
              poisoned(op, hints, slot, surrogate),
            )),
          )
    expect(problems).toEqual([])
  })

  it('reads integer query parameters as decimal digits only', async () => {
    const problems: string[] = []
    const probed: string[] = []
    for (const op of ops)
      for (const p of integerQueryParams(op)) {
        probed.push(`${op.path} ${p.name}`)
        for (const text of NOT_DECIMAL)
          problems.push(...(await probe(op, { in: 'query', at: [p.name] }, '10', text)))
      }
    expect(probed).toEqual(
      expect.arrayContaining([
        '/api/app/clients pageSize',
        '/api/app/projects page',
        '/api/admin/logging/audit limit',
      ]),
    )
    expect(problems).toEqual([])
  })
})
