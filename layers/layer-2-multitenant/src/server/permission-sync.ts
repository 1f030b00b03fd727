import { sql, type Kysely } from 'kysely'
import { TENANT_SYSTEM_ROLES, type TenantSystemRole } from '../shared/roles.ts'
import type { PermissionCatalogue } from './permission-catalogue.ts'
import type { MultitenantDatabase } from './tables.ts'

/** A SQL string literal (standard_conforming_strings is on: doubling quotes is the whole escape). */
const literal = (value: string) => `'${value.replaceAll("'", "''")}'`

/**
 * `patternCovers(g, n) or patternCovers(n, g)` in SQL, for a grant `g` and a catalogue name `n`
 * (no wildcard). Permission names hold neither `%` nor `_`, so LIKE matches them literally.
 */
const touches = (g: string, n: string) =>
  `(${g} = '*' or ${g} = ${n} or ${n} like ${g} || '.%' or ${g} like ${n} || '.%'` +
  ` or (${g} like '%*' and ${n} like left(${g}, -1) || '%'))`

/**
 * One statement for one system role across every tenant. `role_permissions` is forced under
 * row-level security, which binds a non-superuser owner too, so the block visits each tenant with
 * its id set (transaction-local). It adds the grants the role lacks, and removes those no
 * contribution gives any more, but only where an enabled layer owns every catalogue permission
 * the grant matches: grants that belong to a layer not enabled here (switched off, or on in
 * another process sharing the database) are left alone, so switching a layer off never strips
 * them. A grant that matches no catalogue permission at all is of unknown origin and stays too.
 */
function syncRoleStatement(roleKey: TenantSystemRole, enabledLayers: readonly string[]): string {
  const enabled = `array[${enabledLayers.map(literal).join(', ')}]::text[]`
  const role = literal(roleKey)
  return `do $sync$
declare t record;
begin
  for t in select id from tenants loop
    perform set_config('app.tenant_id', t.id::text, true);
    insert into role_permissions (tenant_id, role_id, permission)
      select r.tenant_id, r.id, g.permission
      from roles r join system_role_grants g on g.role_key = r.key
      where r.tenant_id = t.id and r.is_system and r.key = ${role}
      on conflict do nothing;
    delete from role_permissions p using roles r
      where r.tenant_id = t.id and r.is_system and r.key = ${role}
        and p.tenant_id = r.tenant_id and p.role_id = r.id
        and not exists (select 1 from system_role_grants g
          where g.role_key = r.key and g.permission = p.permission)
        and exists (select 1 from permissions n
          where n.layer = any(${enabled}) and ${touches('p.permission', 'n.name')})
        and not exists (select 1 from permissions n
          where n.layer <> all(${enabled}) and ${touches('p.permission', 'n.name')});
  end loop;
  perform set_config('app.tenant_id', '', true);
end $sync$`
}

/**
 * Makes the database match the catalogue, idempotently, in one transaction: upserts the
 * `permissions` table, replaces `system_role_grants` (what new tenants get), syncs the system
 * roles of every existing tenant, then drops catalogue entries an enabled layer no longer
 * contributes. Entries of layers not enabled here stay: custom roles may still name them.
 * @param db the owner at start-up; any role works, row-level security included
 * @param enabledLayers ids of the layers enabled in this process
 */
export async function syncPermissionCatalogue(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  catalogue: PermissionCatalogue,
  enabledLayers: readonly string[],
): Promise<void> {
  await (db as Kysely<MultitenantDatabase>).transaction().execute(async (trx) => {
    // A tenant being created reads system_role_grants (ACCESS SHARE, held to its commit): this
    // waits for it, so the loop below sees it, and a later one waits for this commit instead.
    await sql`lock table system_role_grants in access exclusive mode`.execute(trx)
    const names = catalogue.permissions.map((p) => p.name)
    if (names.length > 0)
      await trx
        .insertInto('permissions')
        .values([...catalogue.permissions])
        .onConflict((oc) =>
          oc.column('name').doUpdateSet((eb) => ({
            description: eb.ref('excluded.description'),
            layer: eb.ref('excluded.layer'),
          })),
        )
        .execute()
    await trx.deleteFrom('system_role_grants').execute()
    if (catalogue.grants.length > 0)
      await trx
        .insertInto('system_role_grants')
        .values(
          catalogue.grants.map((g) => ({
            role_key: g.roleKey,
            permission: g.permission,
            layer: g.layer,
          })),
        )
        .execute()
    for (const roleKey of TENANT_SYSTEM_ROLES)
      await sql.raw(syncRoleStatement(roleKey, enabledLayers)).execute(trx)
    await trx
      .deleteFrom('permissions')
      .where('layer', 'in', enabledLayers)
      .$if(names.length > 0, (qb) => qb.where('name', 'not in', names))
      .execute()
  })
}

/**
 * Grants a new system role what `system_role_grants` holds for its key: the same list the last
 * start synced into every existing tenant. Runs inside the new tenant's transaction.
 */
export async function grantSystemRole(
  trx: Kysely<MultitenantDatabase>,
  tenantId: string,
  roleId: string,
  roleKey: TenantSystemRole,
): Promise<void> {
  await trx
    .insertInto('role_permissions')
    .columns(['tenant_id', 'role_id', 'permission'])
    .expression((eb) =>
      eb
        .selectFrom('system_role_grants')
        .select([
          sql<string>`cast(${tenantId} as uuid)`.as('tenant_id'),
          sql<string>`cast(${roleId} as uuid)`.as('role_id'),
          'permission',
        ])
        .where('role_key', '=', roleKey),
    )
    .execute()
}
