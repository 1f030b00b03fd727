import { sql, type Migration } from 'kysely'
import {
  createRouter,
  defineServerLayer,
  RUNTIME_ROLE,
  serviceRef,
} from '@stratum/layer-core/server'
import { defineManifest } from '@stratum/layer-core/shared'
import { isolateTenantTable } from '@stratum/layer-multitenant/server'

/**
 * A layer that exists only in tests: one tenant table with a secret column, and a route that
 * writes it. It has no audit code at all; the logging layer must find and audit its table.
 */
const manifest = defineManifest({
  id: 'gadget',
  number: 91,
  priority: 90,
  dependsOn: ['core', 'multitenant'],
  version: '0.0.1',
})

/** The gadget layer's entry in a layers config. */
export const GADGET_ENTRY = { name: 'gadget', enabled: true, prefix: '/api/gadgets' } as const

const migrations: Record<string, Migration> = {
  '20261001000000_gadgets': {
    up: async (db) => {
      await sql`create table gadgets (
        tenant_id uuid not null default (nullif(current_setting('app.tenant_id', true), '')::uuid),
        id uuid not null default gen_random_uuid(),
        label text not null,
        api_token text not null,
        primary key (tenant_id, id)
      )`.execute(db)
      await sql
        .raw(`grant select, insert, update, delete on gadgets to ${RUNTIME_ROLE}`)
        .execute(db)
      await isolateTenantTable(db, 'gadgets')
    },
    down: async (db) => {
      await sql`drop table gadgets`.execute(db)
    },
  },
}

export const gadgetLayer = defineServerLayer({
  manifest,
  migrations,
  deps: { tenantDb: serviceRef('multitenant.tenantDb') },
  init: (_ctx, { tenantDb }) => {
    const router = createRouter()
    router
      .use('*', tenantDb.scope)
      .post('/', async (c) => {
        const { label } = (await c.req.json()) as { label: string }
        const row = await sql<{ id: string }>`insert into gadgets (label, api_token)
          values (${label}, 'tok-secret-value') returning id`.execute(tenantDb.db(c))
        return c.json({ id: row.rows[0]!.id }, 201)
      })
      .patch('/:id', async (c) => {
        const { label } = (await c.req.json()) as { label: string }
        await sql`update gadgets set label = ${label}, api_token = 'tok-rotated'
          where id = ${c.req.param('id')}`.execute(tenantDb.db(c))
        return c.json({ ok: true }, 200)
      })
    return { router }
  },
})
