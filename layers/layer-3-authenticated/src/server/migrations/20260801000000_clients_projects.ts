import { sql, type Kysely, type Migration } from 'kysely'
import { isolateTenantTable } from '@stratum/layer-multitenant/server'
import { AUTHENTICATED_PERMISSIONS, SYSTEM_ROLE_GRANTS } from '../../shared/permissions.ts'

const RESOURCE_COLUMNS = `
    created_by uuid references auth_users(id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz`

const ddl = [
  `create table app_clients (
    tenant_id uuid not null references tenants(id) on delete cascade,
    id uuid not null default gen_random_uuid(),
    name text not null check (length(name) between 1 and 200),
    email text check (length(email) <= 254),
    phone text check (length(phone) <= 40),
    notes text check (length(notes) <= 5000),${RESOURCE_COLUMNS},
    primary key (tenant_id, id)
  )`,
  // One live client per name and tenant, whatever the letter case; deleted ones free the name.
  `create unique index app_clients_name_key on app_clients (tenant_id, lower(name)) where deleted_at is null`,
  `create index app_clients_name_idx on app_clients (tenant_id, name)`,
  `create index app_clients_created_idx on app_clients (tenant_id, created_at)`,
  `create index app_clients_updated_idx on app_clients (tenant_id, updated_at)`,
  `create table app_projects (
    tenant_id uuid not null references tenants(id) on delete cascade,
    id uuid not null default gen_random_uuid(),
    client_id uuid not null,
    name text not null check (length(name) between 1 and 200),
    status text not null default 'planned' check (status in ('planned', 'active', 'done')),
    budget numeric(14, 2) check (budget >= 0),
    due_date date,${RESOURCE_COLUMNS},
    primary key (tenant_id, id),
    -- With tenant_id in the key, a project can never point at another tenant's client.
    foreign key (tenant_id, client_id) references app_clients (tenant_id, id)
  )`,
  `create index app_projects_client_idx on app_projects (tenant_id, client_id)`,
  `create index app_projects_status_idx on app_projects (tenant_id, status)`,
  `create index app_projects_name_idx on app_projects (tenant_id, name)`,
  `create index app_projects_due_idx on app_projects (tenant_id, due_date)`,
  `create index app_projects_created_idx on app_projects (tenant_id, created_at)`,
  `create index app_projects_updated_idx on app_projects (tenant_id, updated_at)`,
  // Preferences of a user, not tenant data: no tenant_id, no row-level security.
  `create table app_user_settings (
    user_id uuid primary key references auth_users(id) on delete cascade,
    settings jsonb not null default '{}' check (jsonb_typeof(settings) = 'object'),
    updated_at timestamptz not null default now()
  )`,
  // Patterns (`project.*`) as role_permissions holds them, so no foreign key to the catalogue.
  `create table app_system_role_grants (
    role_key text not null,
    permission text not null,
    primary key (role_key, permission)
  )`,
]

/**
 * Grants `app_system_role_grants` to a new system role when its transaction commits, so tenants
 * created after this migration get them too, atomically, whoever creates them. Deferred: layer 2
 * inserts its own grants after the role, and `on conflict` keeps a grant it adds later harmless.
 * Replace it once layer 2 reads extra system grants itself.
 */
const grantTrigger = [
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
 * `role_permissions` is forced under row-level security, which binds a non-superuser owner too:
 * visit each tenant with its id set (transaction-local, inside the DO block's transaction).
 */
const forEachTenant = (body: string) => `do $$
declare t record;
begin
  for t in select id from tenants loop
    perform set_config('app.tenant_id', t.id::text, true);
    ${body}
  end loop;
  perform set_config('app.tenant_id', '', true);
end $$`

/**
 * Gives the system roles of every existing tenant the grants they lack. Works for an owner bound by
 * row-level security too (and for the runtime role, which the tests use to prove it).
 */
export async function grantToExistingTenants(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      forEachTenant(`insert into role_permissions (tenant_id, role_id, permission)
      select r.tenant_id, r.id, g.permission from roles r join app_system_role_grants g on g.role_key = r.key
      where r.tenant_id = t.id and r.is_system
      on conflict do nothing;`),
    )
    .execute(db)
}

type CatalogueDb = Kysely<{
  permissions: { name: string; description: string; layer: string }
  app_system_role_grants: { role_key: string; permission: string }
}>

/** Clients and projects (tenant data), user settings, and this layer's permissions and grants. */
export const clientsProjects: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of ddl) await sql.raw(statement).execute(db)
    await isolateTenantTable(db, 'app_clients')
    await isolateTenantTable(db, 'app_projects')
    const catalogue = db as CatalogueDb
    await catalogue
      .insertInto('permissions')
      .values(
        Object.entries(AUTHENTICATED_PERMISSIONS).map(([name, description]) => ({
          name,
          description,
          layer: 'authenticated',
        })),
      )
      .execute()
    const grants = Object.entries(SYSTEM_ROLE_GRANTS).flatMap(([role_key, permissions]) =>
      permissions.map((permission) => ({ role_key, permission })),
    )
    await catalogue.insertInto('app_system_role_grants').values(grants).execute()
    for (const statement of grantTrigger) await sql.raw(statement).execute(db)
    await grantToExistingTenants(db)
  },
  async down(db: Kysely<unknown>) {
    await sql
      .raw(
        forEachTenant(`delete from role_permissions p using roles r, app_system_role_grants g
      where p.tenant_id = t.id and r.tenant_id = p.tenant_id and r.id = p.role_id and r.is_system
        and g.role_key = r.key and g.permission = p.permission;`),
      )
      .execute(db)
    await sql.raw('drop trigger app_system_role_grants_on_insert on roles').execute(db)
    await sql.raw('drop function app_grant_system_role_permissions()').execute(db)
    for (const table of [
      'app_system_role_grants',
      'app_user_settings',
      'app_projects',
      'app_clients',
    ])
      await sql.raw(`drop table ${table}`).execute(db)
    await sql`delete from permissions where layer = 'authenticated'`.execute(db)
  },
}
