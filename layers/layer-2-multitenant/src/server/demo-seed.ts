import { sql, type Kysely } from 'kysely'
import type { Database, Logger } from '@stratum/layer-core/server'
import type { MultitenantDatabase } from './tables.ts'
import { addMember, createTenant } from './tenant-service.ts'

/** The demo user of the embedded start; the README tells a new user to sign in with it. */
export const DEMO_EMAIL = 'demo@stratum.localhost'

/**
 * Tenants `acme` and `globex`, and one demo user who is account_admin in acme and viewer in
 * globex. Idempotent: skipped once acme exists.
 */
export async function seedDemo(database: Database, logger: Logger): Promise<void> {
  const db = database.db as Kysely<MultitenantDatabase>
  if (await db.selectFrom('tenants').select('id').where('slug', '=', 'acme').executeTakeFirst())
    return
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
  logger.info('demo data seeded', { tenants: ['acme', 'globex'], user: DEMO_EMAIL })
}
