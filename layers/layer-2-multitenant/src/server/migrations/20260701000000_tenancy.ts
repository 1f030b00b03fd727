import { sql, type Kysely, type Migration } from 'kysely'
import { MULTITENANT_PERMISSIONS } from '../../shared/roles.ts'

/** The tenant of the current transaction, or NULL (no rows) when unset or reset to ''. */
const CURRENT_TENANT = `(select nullif(current_setting('app.tenant_id', true), '')::uuid)`
/** The signed-in user of the current transaction, or NULL. */
const CURRENT_USER = `(select nullif(current_setting('app.user_id', true), '')::uuid)`
const CURRENT_EMAIL = `(select nullif(current_setting('app.user_email', true), ''))`

/** Tables whose rows belong to one tenant: RLS enabled and forced, one isolation policy each. */
export const TENANT_TABLES = [
  'roles',
  'role_permissions',
  'tenant_user_roles',
  'resource_policies',
  'tenant_invites',
] as const

/**
 * Enables and forces RLS on a tenant table: rows of the transaction's tenant only, for reads and
 * writes. `alsoReadable` adds a narrow read-only exception (a user's own rows in other tenants).
 * Every layer that adds tenant tables calls this in its migration.
 */
export async function isolateTenantTable(
  db: Kysely<unknown>,
  table: string,
  alsoReadable?: string,
): Promise<void> {
  await sql.raw(`alter table ${table} enable row level security`).execute(db)
  // FORCE: the policy binds the table owner too, not only the runtime role.
  await sql.raw(`alter table ${table} force row level security`).execute(db)
  await sql
    .raw(
      `create policy ${table}_tenant_isolation on ${table} using (tenant_id = ${CURRENT_TENANT}) with check (tenant_id = ${CURRENT_TENANT})`,
    )
    .execute(db)
  if (alsoReadable)
    await sql
      .raw(`create policy ${table}_own_rows on ${table} for select using (${alsoReadable})`)
      .execute(db)
}

/** What a signed-in user may read outside the current tenant, to list and enter their tenants. */
const OWN_ROWS: Partial<Record<(typeof TENANT_TABLES)[number], string>> = {
  tenant_user_roles: `user_id = ${CURRENT_USER}`,
  roles: `tenant_id in (select m.tenant_id from tenant_user_roles m where m.user_id = ${CURRENT_USER})`,
  role_permissions: `tenant_id in (select m.tenant_id from tenant_user_roles m where m.user_id = ${CURRENT_USER})`,
  tenant_invites: `lower(email) = ${CURRENT_EMAIL} and accepted_at is null`,
}

const ddl = [
  `create table tenants (
    id uuid primary key default gen_random_uuid(),
    name text not null check (length(name) between 1 and 120),
    slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 63),
    settings jsonb not null default '{}',
    theme text,
    is_active boolean not null default true,
    created_at timestamptz not null default now(),
    deleted_at timestamptz
  )`,
  `create table permissions (
    name text primary key,
    description text not null,
    layer text not null
  )`,
  `create table roles (
    tenant_id uuid not null references tenants(id) on delete cascade,
    id uuid not null default gen_random_uuid(),
    key text not null check (key ~ '^[a-z0-9_-]+$'),
    name text not null,
    description text not null default '',
    is_system boolean not null default false,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (id),
    unique (tenant_id, key)
  )`,
  `create table role_permissions (
    tenant_id uuid not null,
    role_id uuid not null,
    permission text not null,
    primary key (tenant_id, role_id, permission),
    foreign key (tenant_id, role_id) references roles(tenant_id, id) on delete cascade
  )`,
  `create table tenant_user_roles (
    tenant_id uuid not null references tenants(id) on delete cascade,
    user_id uuid not null references auth_users(id) on delete cascade,
    role_id uuid not null,
    created_at timestamptz not null default now(),
    primary key (tenant_id, user_id),
    foreign key (tenant_id, role_id) references roles(tenant_id, id)
  )`,
  `create index tenant_user_roles_user_idx on tenant_user_roles (user_id)`,
  `create table resource_policies (
    tenant_id uuid not null references tenants(id) on delete cascade,
    id uuid not null default gen_random_uuid(),
    user_id uuid not null references auth_users(id) on delete cascade,
    resource_type text not null,
    resource_id uuid not null,
    can_view boolean not null default true,
    can_edit boolean not null default false,
    can_delete boolean not null default false,
    expires_at timestamptz,
    granted_by uuid references auth_users(id) on delete set null,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, user_id, resource_type, resource_id)
  )`,
  `create index resource_policies_resource_idx on resource_policies (tenant_id, resource_type, resource_id)`,
  `create table tenant_invites (
    tenant_id uuid not null references tenants(id) on delete cascade,
    id uuid not null default gen_random_uuid(),
    email text not null,
    role_id uuid not null,
    token_hash text not null unique,
    invited_by uuid references auth_users(id) on delete set null,
    expires_at timestamptz not null,
    accepted_at timestamptz,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, role_id) references roles(tenant_id, id) on delete cascade
  )`,
]

export const tenancy: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of ddl) await sql.raw(statement).execute(db)
    for (const table of TENANT_TABLES) await isolateTenantTable(db, table, OWN_ROWS[table])
    const rows = Object.entries(MULTITENANT_PERMISSIONS).map(([name, description]) => ({
      name,
      description,
      layer: 'multitenant',
    }))
    await (db as Kysely<{ permissions: { name: string; description: string; layer: string } }>)
      .insertInto('permissions')
      .values(rows)
      .execute()
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'tenant_invites',
      'resource_policies',
      'tenant_user_roles',
      'role_permissions',
      'roles',
      'permissions',
      'tenants',
    ]) {
      await sql.raw(`drop table ${table}`).execute(db)
    }
  },
}
