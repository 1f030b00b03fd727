import { sql } from 'kysely'
import type { TestTarget } from '@stratum/host-backend/testing'
import { createWorld, TENANCY_LAYERS, type World } from '@stratum/layer-multitenant/testing'

export { uniqueEmail, type World } from '@stratum/layer-multitenant/testing'

/** Layers 0–3 as layers.config.ts enables them, plus this layer. */
export const LOGGING_LAYERS = {
  layers: [
    ...TENANCY_LAYERS.layers,
    { name: 'authenticated', enabled: true, prefix: '/api/app' },
    { name: 'logging', enabled: true, prefix: '/api/logs' },
  ],
}

/** Layer 2's world (tenants A and B, admins, a viewer, a user, a superadmin) with logging on. */
export const createLoggingWorld = (
  target: TestTarget,
  extra: NonNullable<Parameters<typeof createWorld>[1]> = {},
): Promise<World> => createWorld(target, { layersConfig: LOGGING_LAYERS, ...extra })

/** An audit row as stored, read past row-level security (the superadmin scope). */
export interface StoredAudit {
  id: string
  action: string
  resource_type: string | null
  resource_id: string | null
  tenant_id: string | null
  user_id: string | null
  request_id: string | null
  old_values: Record<string, unknown> | null
  new_values: Record<string, unknown> | null
  changed_fields: string[]
}

/** Every audit row about one resource, oldest first. */
export const auditRowsOf = (w: World, resourceId: string, rowChanges = true) =>
  w.t.host.platform.database.withSettings({ 'app.logging_all': 'on' }, async (trx) => {
    const { rows } = await sql<StoredAudit>`select id::text, action, resource_type, resource_id,
      tenant_id, user_id, request_id, old_values, new_values, changed_fields
      from audit_logs where resource_id = ${resourceId} and (${rowChanges} = false or action in ('insert', 'update', 'delete')) order by id`.execute(
      trx,
    )
    return rows
  })

/** The JSON body of a response, typed by the caller. */
export const body = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T

/** Polls `read` until `done` holds (the writers flush within about a second). */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 5_000,
): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() > until) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Rows of a logging table matching a condition, read in the superadmin scope. */
export const loggingRows = <T = Record<string, unknown>>(
  w: World,
  table: 'logs' | 'performance_metrics',
  column: string,
  value: string,
) =>
  w.t.host.platform.database.withSettings({ 'app.logging_all': 'on' }, async (trx) => {
    const { rows } = await sql<T>`select * from ${sql.table(table)} where ${sql.ref(
      column,
    )} = ${value} order by id`.execute(trx)
    return rows
  })
