import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { sql, type Generated, type Kysely, type Migration } from 'kysely'
import {
  countRequestQueries,
  AppError,
  audit,
  createRouter,
  defineServerLayer,
  errorResponse,
  jsonBody,
  jsonResponse,
  serviceRef,
  type AuditRecord,
  type RequestEvent,
} from '@stratum/layer-core/server'
import { defineManifest } from '@stratum/layer-core/shared'
import { isolateTenantTable } from '@stratum/layer-multitenant/server'

/**
 * A layer that lives only in tests and contributes to every extension point of the contract:
 * `core.audit`, `core.requestEvents`, `core.middleware` (both stages), `core.messages` (with a
 * locale no layer ships) and `multitenant.permissions`. It needs no edit to layers 0–3.
 */
export const probeManifest = defineManifest({
  id: 'probe',
  number: 90,
  priority: 100,
  dependsOn: ['core', { id: 'multitenant', optional: true }],
  version: '0.0.1',
})

/** The probe's entry in a layers config. */
export const PROBE_ENTRY = { name: 'probe', enabled: true, prefix: '/api/probe' } as const

interface ProbeDatabase {
  probe_audit: {
    id: Generated<number>
    action: string
    actor_id: string | null
    tenant_id: string | null
    target_id: string | null
    before: string | null
    after: string | null
    reason: string | null
    request_id: string | null
    ip: string | null
    user_agent: string | null
  }
  probe_notes: { id: Generated<number>; tenant_id: Generated<string>; text: string }
}

const migrations: Record<string, Migration> = {
  '20260901000000_probe': {
    up: async (db) => {
      await sql`create table probe_audit (
        id serial primary key,
        action text not null,
        actor_id text,
        tenant_id text,
        target_id text,
        before jsonb,
        after jsonb,
        reason text,
        request_id text,
        ip text,
        user_agent text
      )`.execute(db)
      await sql`create table probe_notes (
        id serial primary key,
        tenant_id uuid not null default (nullif(current_setting('app.tenant_id', true), '')::uuid),
        text text not null
      )`.execute(db)
      await isolateTenantTable(db, 'probe_notes')
    },
  },
}

const noteRoute = createRoute({
  method: 'post',
  path: '/notes',
  request: { body: jsonBody(z.object({ text: z.string().min(1).max(200), fail: z.boolean() })) },
  responses: {
    201: jsonResponse(z.object({ id: z.number() }), 'Written'),
    422: errorResponse('Written, then refused: the transaction rolls back'),
  },
})
const queriesRoute = createRoute({
  method: 'get',
  path: '/queries',
  request: { query: z.object({ n: z.coerce.number().int().min(0).max(20) }) },
  responses: { 200: jsonResponse(z.object({ ran: z.number() }), 'Ran n statements') },
})
const stageRoute = createRoute({
  method: 'get',
  path: '/stage',
  responses: {
    200: jsonResponse(z.object({ seen: z.string().nullable() }), 'What afterTenant saw'),
  },
})

/** What the probe saw, per host: the tests read it. */
export interface ProbeState {
  readonly events: RequestEvent[]
  /** Records the sink got, with whether a transaction came along. */
  readonly sunk: Array<{ record: AuditRecord; inTransaction: boolean }>
}

/** A fresh probe layer and the state its contributions write to. */
export function createProbeLayer() {
  const state: ProbeState = { events: [], sunk: [] }
  const seenByStage = new WeakMap<Context, string>()
  const layer = defineServerLayer({
    manifest: probeManifest,
    migrations,
    deps: { tenantDb: serviceRef('multitenant.tenantDb', { optional: true }) },
    contributes: ({ database }) => ({
      'core.audit': {
        // Written in the handed transaction: it commits or rolls back with the change.
        write: async (record, trx) => {
          state.sunk.push({ record, inTransaction: trx !== undefined })
          const db = (trx ?? database.db) as Kysely<ProbeDatabase>
          await db
            .insertInto('probe_audit')
            .values({
              action: record.action,
              actor_id: record.actorId ?? null,
              tenant_id: record.tenantId ?? null,
              target_id: record.target?.id ?? null,
              before: record.before ? JSON.stringify(record.before) : null,
              after: record.after ? JSON.stringify(record.after) : null,
              reason: record.reason ?? null,
              request_id: record.requestId ?? null,
              ip: record.ip ?? null,
              user_agent: record.userAgent ?? null,
            })
            .execute()
        },
      },
      'core.requestEvents': (event) => {
        state.events.push(event)
      },
      'core.middleware': [
        {
          stage: 'beforeAuth',
          name: 'probe.before-auth',
          handler: async (c, next) => {
            await next()
            c.header('X-Probe-Before-Auth', 'seen')
          },
        },
        {
          stage: 'afterTenant',
          name: 'probe.after-tenant',
          handler: async (c, next) => {
            seenByStage.set(c, `${c.get('tenantId')}:${c.get('transaction') ? 'tx' : 'no-tx'}`)
            await next()
          },
        },
      ],
      'core.messages': {
        locales: [{ code: 'fr-FR', name: 'French', nativeName: 'Français' }],
        messages: {
          'fr-FR': {
            core: { nav: { home: 'Accueil' } },
            auth: { mail: { subject: 'Votre code de connexion {brand}' } },
          },
          'pt-BR': { core: { nav: { home: 'Início (marca)' } } },
        },
      },
      'multitenant.permissions': {
        permissions: { 'probe.inspect': 'Inspect probe notes' },
        grants: { viewer: ['probe.inspect'], account_admin: ['probe.inspect'] },
      },
    }),
    init: ({ database }, { tenantDb }) => {
      const router = createRouter().openapi(queriesRoute, async (c) => {
        const { n } = c.req.valid('query')
        const db = countRequestQueries(c, database.db)
        for (let i = 0; i < n; i++) await sql`select ${i}::int as i`.execute(db)
        return c.json({ ran: n }, 200)
      })
      if (!tenantDb) return { router }
      const scoped = createRouter()
      scoped.use(tenantDb.scope)
      scoped
        .openapi(noteRoute, async (c) => {
          const { text, fail } = c.req.valid('json')
          const row = await tenantDb
            .db<ProbeDatabase>(c)
            .insertInto('probe_notes')
            .values({ text })
            .returning('id')
            .executeTakeFirstOrThrow()
          await audit(c, {
            action: 'probe.note.created',
            target: { type: 'probe_note', id: String(row.id) },
            after: { text },
          })
          if (fail) throw new AppError(422, 'PROBE_REFUSED', 'Refused after writing.')
          return c.json({ id: row.id }, 201)
        })
        .openapi(stageRoute, (c) => c.json({ seen: seenByStage.get(c) ?? null }, 200))
      return { router: router.route('/', scoped) }
    },
  })
  return { layer, state }
}
