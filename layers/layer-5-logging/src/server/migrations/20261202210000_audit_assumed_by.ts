import { sql, type Kysely, type Migration } from 'kysely'
import { RUNTIME_ROLE } from '@stratum/layer-core/server'
import {
  appendFunction as previousAppend,
  hashFunction as previousHash,
  rowTriggerFunction as previousRowTrigger,
} from './20261202150000_logging_tables.ts'

/**
 * The hash covers `assumed_by` only when it is set: a row written before this migration (or
 * without an impersonation) hashes exactly as before, so existing chains still verify.
 */
const hashFunction = `create or replace function logging_audit_hash(a audit_logs) returns text
  language sql immutable set search_path = pg_catalog, public as $$
  select encode(sha256(convert_to((jsonb_build_array(
    a.prev_hash, a.prev_id, a.id,
    to_char(a.timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
    a.user_id, a.tenant_id, a.action, a.resource_type, a.resource_id,
    a.old_values, a.new_values, a.changed_fields, a.ip_address, a.user_agent, a.request_id, a.reason
  ) || case when a.assumed_by is null then '[]'::jsonb else jsonb_build_array(a.assumed_by) end
  )::text, 'UTF8')), 'hex')
$$`

const APPEND_SIGNATURE =
  'logging_append_audit(text, text, text, jsonb, jsonb, text[], uuid, uuid, text, text, text, text, uuid)'
const PREVIOUS_APPEND_SIGNATURE =
  'logging_append_audit(text, text, text, jsonb, jsonb, text[], uuid, uuid, text, text, text, text)'

/** As before, plus the superadmin acting as `p_user_id` (impersonation). */
const appendFunction = `create function logging_append_audit(
    p_action text, p_resource_type text, p_resource_id text, p_old jsonb, p_new jsonb,
    p_changed text[], p_user_id uuid, p_tenant_id uuid, p_request_id text, p_ip text,
    p_user_agent text, p_reason text, p_assumed_by uuid
  ) returns bigint
  language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  r audit_logs;
begin
  perform pg_advisory_xact_lock(hashtextextended('logging.audit:' || coalesce(p_tenant_id::text, 'platform'), 0));
  select a.id, a.hash into r.prev_id, r.prev_hash from audit_logs a
    where a.tenant_id is not distinct from p_tenant_id order by a.id desc limit 1;
  r.id := nextval('audit_logs_id_seq');
  r.timestamp := clock_timestamp();
  r.user_id := p_user_id;
  r.tenant_id := p_tenant_id;
  r.action := p_action;
  r.resource_type := p_resource_type;
  r.resource_id := p_resource_id;
  r.old_values := p_old;
  r.new_values := p_new;
  r.changed_fields := coalesce(p_changed, '{}');
  r.ip_address := nullif(p_ip, '');
  r.user_agent := p_user_agent;
  r.request_id := nullif(p_request_id, '');
  r.reason := p_reason;
  r.assumed_by := p_assumed_by;
  r.hash := logging_audit_hash(r);
  insert into audit_logs select r.*;
  return r.id;
end $$`

/** The row trigger of the first migration, now passing `app.assumed_by` along. */
const rowTriggerFunction = previousRowTrigger
  .replace('create function', 'create or replace function')
  .replace(
    "nullif(current_setting('app.ip', true), ''),\n    null, null);",
    "nullif(current_setting('app.ip', true), ''),\n    null, null, nullif(current_setting('app.assumed_by', true), '')::uuid);",
  )

/**
 * `assumed_by`: the superadmin acting as the row's user during an impersonation, on audit rows
 * (filled from `app.assumed_by` by the row trigger, and by the `core.audit` sink) and on logs.
 */
export const auditAssumedBy: Migration = {
  async up(db: Kysely<unknown>) {
    if (
      rowTriggerFunction ===
      previousRowTrigger.replace('create function', 'create or replace function')
    )
      throw new Error('The audit row trigger no longer matches the text this migration extends.')
    await sql`alter table audit_logs add column assumed_by uuid`.execute(db)
    await sql`alter table logs add column assumed_by uuid`.execute(db)
    await sql.raw(hashFunction).execute(db)
    await sql.raw(`drop function ${PREVIOUS_APPEND_SIGNATURE}`).execute(db)
    await sql.raw(appendFunction).execute(db)
    await sql.raw(`revoke all on function ${APPEND_SIGNATURE} from public`).execute(db)
    await sql.raw(`grant execute on function ${APPEND_SIGNATURE} to ${RUNTIME_ROLE}`).execute(db)
    await sql.raw(rowTriggerFunction).execute(db)
  },
  async down(db: Kysely<unknown>) {
    await sql.raw(`drop function ${APPEND_SIGNATURE}`).execute(db)
    await sql.raw(`drop function logging_audit_hash(audit_logs)`).execute(db)
    await sql`alter table audit_logs drop column assumed_by`.execute(db)
    await sql`alter table logs drop column assumed_by`.execute(db)
    await sql.raw(previousHash).execute(db)
    await sql.raw(previousAppend).execute(db)
    await sql.raw(`revoke all on function ${PREVIOUS_APPEND_SIGNATURE} from public`).execute(db)
    await sql
      .raw(`grant execute on function ${PREVIOUS_APPEND_SIGNATURE} to ${RUNTIME_ROLE}`)
      .execute(db)
    await sql
      .raw(previousRowTrigger.replace('create function', 'create or replace function'))
      .execute(db)
  },
}
