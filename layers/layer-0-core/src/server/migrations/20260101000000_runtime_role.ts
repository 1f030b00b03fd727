import { sql, type Kysely, type Migration } from 'kysely'
import { RUNTIME_ROLE } from '../platform/database.ts'

/**
 * The role requests run as. It owns no table and has neither superuser nor BYPASSRLS, so row-level
 * security applies to it. Tables created by the owner from now on are granted to it by default.
 * Roles are cluster-wide: creating it tolerates another database having done so concurrently.
 */
export const runtimeRole: Migration = {
  async up(db: Kysely<unknown>) {
    await sql
      .raw(
        `do $$
begin
  if not exists (select 1 from pg_roles where rolname = '${RUNTIME_ROLE}') then
    begin
      create role ${RUNTIME_ROLE} nologin nosuperuser nobypassrls nocreatedb nocreaterole inherit;
    exception when duplicate_object or unique_violation then null;
    end;
  end if;
  -- A non-superuser owner must be a member to SET ROLE to it.
  if not (select rolsuper from pg_roles where rolname = current_user) and not pg_has_role(current_user, '${RUNTIME_ROLE}', 'member') then
    execute format('grant ${RUNTIME_ROLE} to %I', current_user);
  end if;
end $$`,
      )
      .execute(db)
    await sql.raw(`grant usage on schema public to ${RUNTIME_ROLE}`).execute(db)
    await sql
      .raw(
        `alter default privileges in schema public grant select, insert, update, delete on tables to ${RUNTIME_ROLE}`,
      )
      .execute(db)
    await sql
      .raw(
        `alter default privileges in schema public grant usage, select on sequences to ${RUNTIME_ROLE}`,
      )
      .execute(db)
  },
  async down(db: Kysely<unknown>) {
    await sql
      .raw(`alter default privileges in schema public revoke all on tables from ${RUNTIME_ROLE}`)
      .execute(db)
    await sql
      .raw(`alter default privileges in schema public revoke all on sequences from ${RUNTIME_ROLE}`)
      .execute(db)
    await sql.raw(`revoke usage on schema public from ${RUNTIME_ROLE}`).execute(db)
  },
}
