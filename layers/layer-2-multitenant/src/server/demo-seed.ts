import { sql, type Kysely } from 'kysely'
import type { Database } from '@stratum/layer-core/server'
import type { MultitenantDatabase } from './tables.ts'
import { addMember, createTenant } from './tenant-service.ts'

/** The demo user of the embedded start; the README tells a new user to sign in with it. */
export const DEMO_EMAIL = 'demo@stratum.localhost'

/** The demo tenants, by slug; contributions receive each of them. */
export const DEMO_TENANT_SLUGS = ['acme', 'globex'] as const

/** One demo tenant, as a `multitenant.demoData` contribution receives it. */
export interface DemoTenant {
  readonly id: string
  readonly slug: (typeof DEMO_TENANT_SLUGS)[number]
  /** The demo user, a member of the tenant. */
  readonly demoUserId: string
}

/**
 * Demo data another layer adds to each demo tenant (clients, projects…). Runs on every embedded
 * development start, inside a transaction with `app.tenant_id` set, so it must be idempotent: a
 * contribution that finds its rows already there does nothing.
 */
export interface DemoDataContribution {
  readonly name: string
  seed(trx: Kysely<unknown>, tenant: DemoTenant): Promise<void>
}

declare module '@stratum/layer-core/server' {
  interface StratumExtensionPoints {
    /** Demo rows for the demo tenants of an embedded development start. */
    'multitenant.demoData': DemoDataContribution
  }
}

/**
 * Tenants `acme` and `globex`, and one demo user who is account_admin in acme and viewer in
 * globex, then every layer's demo data in each tenant. Idempotent: the tenants are created once,
 * and each contribution skips a tenant that already has its rows.
 */
export async function seedDemo(
  database: Database,
  contributions: readonly DemoDataContribution[] = [],
): Promise<void> {
  const db = database.db as Kysely<MultitenantDatabase>
  if (!(await db.selectFrom('tenants').select('id').where('slug', '=', 'acme').executeTakeFirst()))
    await seedTenants(database)
  const user = await db
    .selectFrom('auth_users')
    .select('id')
    .where(sql`lower(email)`, '=', DEMO_EMAIL)
    .executeTakeFirst()
  if (!user || contributions.length === 0) return
  const tenants = await db
    .selectFrom('tenants')
    .select(['id', 'slug'])
    .where('slug', 'in', DEMO_TENANT_SLUGS)
    .execute()
  for (const tenant of tenants) {
    const demo = { id: tenant.id, slug: tenant.slug as DemoTenant['slug'], demoUserId: user.id }
    for (const contribution of contributions)
      await database.withSettings({ 'app.tenant_id': tenant.id }, (trx) =>
        contribution.seed(trx, demo),
      )
  }
}

async function seedTenants(database: Database): Promise<void> {
  const db = database.db as Kysely<MultitenantDatabase>
  const user = await db
    .insertInto('auth_users')
    .values({ email: DEMO_EMAIL, name: 'Demo User', locale: 'pt-BR' })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doUpdateSet({ name: 'Demo User' }))
    .returning('id')
    .executeTakeFirstOrThrow()
  const acme = await createTenant(database, { name: 'Acme Corporation', slug: 'acme' })
  const globex = await createTenant(database, { name: 'Globex', slug: 'globex' })
  await database.withSettings({ 'app.tenant_id': acme.id }, (trx) =>
    addMember(trx as Kysely<MultitenantDatabase>, acme.id, user.id, 'account_admin'),
  )
  await database.withSettings({ 'app.tenant_id': globex.id }, (trx) =>
    addMember(trx as Kysely<MultitenantDatabase>, globex.id, user.id, 'viewer'),
  )
}
