import { sql, type Kysely, type Migration } from 'kysely'
import { SYSTEM_ROLE_GRANTS } from '../../shared/permissions.ts'

/** The trigger of `20260801000000_clients_projects`, as that migration created it. */
const restore = [
  `create table app_system_role_grants (
    role_key text not null,
    permission text not null,
    primary key (role_key, permission)
  )`,
  `create function app_grant_system_role_permissions() returns trigger language plpgsql as $$
  begin
    insert into role_permissions (tenant_id, role_id, permission)
      select new.tenant_id, new.id, g.permission
      from app_system_role_grants g
      where g.role_key = new.key
        and exists (select 1 from roles r where r.tenant_id = new.tenant_id and r.id = new.id)
      on conflict do nothing;
    return null;
  end $$`,
  `create constraint trigger app_system_role_grants_on_insert after insert on roles
    deferrable initially deferred for each row when (new.is_system)
    execute function app_grant_system_role_permissions()`,
]

/**
 * Layer 2 now grants this layer's permissions to the system roles itself, from the
 * `multitenant.permissions` contribution, in existing tenants at every start and in new ones as
 * it creates them: the trigger and its table go. Existing tenants keep their grants.
 */
export const dropSystemRoleGrants: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`drop trigger app_system_role_grants_on_insert on roles`.execute(db)
    await sql`drop function app_grant_system_role_permissions()`.execute(db)
    await sql`drop table app_system_role_grants`.execute(db)
  },
  async down(db: Kysely<unknown>) {
    for (const statement of restore) await sql.raw(statement).execute(db)
    const rows = Object.entries(SYSTEM_ROLE_GRANTS).flatMap(([role_key, permissions]) =>
      permissions.map((permission) => ({ role_key, permission })),
    )
    await (db as Kysely<{ app_system_role_grants: { role_key: string; permission: string } }>)
      .insertInto('app_system_role_grants')
      .values(rows)
      .execute()
  },
}
