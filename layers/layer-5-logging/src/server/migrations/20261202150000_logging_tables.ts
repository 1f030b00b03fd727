import { sql, type Kysely, type Migration } from 'kysely'
import { RUNTIME_ROLE } from '@stratum/layer-core/server'

/** The tenant of the current transaction, or NULL when unset. */
const CURRENT_TENANT = `(select nullif(current_setting('app.tenant_id', true), '')::uuid)`
/** Set (transaction-local) only by the superadmin console and the layer's own jobs. */
const ALL_TENANTS = `(select current_setting('app.logging_all', true) = 'on')`

/**
 * Rows of the current tenant, or every row in an `app.logging_all` transaction. Rows without a
 * tenant (platform events, signed-out visitors) are visible to superadmins only.
 */
const VISIBLE = `(tenant_id = ${CURRENT_TENANT} or ${ALL_TENANTS})`

const tables = [
  `create table logs (
    id bigint generated always as identity primary key,
    level text not null check (level in ('DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL')),
    message text not null,
    timestamp timestamptz not null default now(),
    user_id uuid,
    tenant_id uuid,
    session_id text,
    request_id text,
    ip_address text,
    user_agent text,
    url text,
    context jsonb,
    stack_trace text,
    duration_ms double precision,
    source text not null check (source in ('server', 'browser'))
  )`,
  `create index logs_timestamp_level_idx on logs (timestamp, level)`,
  `create index logs_user_timestamp_idx on logs (user_id, timestamp)`,
  `create index logs_request_idx on logs (request_id) where request_id is not null`,
  `create index logs_tenant_id_idx on logs (tenant_id, id)`,
  `create table audit_logs (
    id bigint primary key,
    timestamp timestamptz not null default now(),
    user_id uuid,
    tenant_id uuid,
    action text not null,
    resource_type text,
    resource_id text,
    old_values jsonb,
    new_values jsonb,
    changed_fields text[] not null default '{}',
    ip_address text,
    user_agent text,
    request_id text,
    reason text,
    prev_id bigint,
    prev_hash text,
    hash text not null
  )`,
  `create sequence audit_logs_id_seq owned by audit_logs.id`,
  `create index audit_logs_user_action_idx on audit_logs (user_id, action)`,
  `create index audit_logs_resource_idx on audit_logs (resource_type, resource_id)`,
  `create index audit_logs_request_idx on audit_logs (request_id) where request_id is not null`,
  `create index audit_logs_tenant_id_idx on audit_logs (tenant_id, id)`,
  `create table performance_metrics (
    id bigint generated always as identity primary key,
    timestamp timestamptz not null default now(),
    method text not null,
    endpoint text not null,
    status_code integer not null,
    duration_ms double precision not null,
    db_query_count integer not null default 0,
    db_query_duration_ms double precision not null default 0,
    user_id uuid,
    tenant_id uuid,
    request_id text
  )`,
  `create index performance_metrics_endpoint_timestamp_idx on performance_metrics (endpoint, timestamp)`,
  `create index performance_metrics_timestamp_idx on performance_metrics (timestamp)`,
  `create index performance_metrics_request_idx on performance_metrics (request_id) where request_id is not null`,
]

/**
 * The hash of one audit row: SHA-256 over the previous row's hash and the row's content, written as
 * a JSON array so that no two contents share a text. Times are written in UTC, whatever TimeZone is.
 */
export const hashFunction = `create function logging_audit_hash(a audit_logs) returns text
  language sql immutable set search_path = pg_catalog, public as $$
  select encode(sha256(convert_to(jsonb_build_array(
    a.prev_hash, a.prev_id, a.id,
    to_char(a.timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
    a.user_id, a.tenant_id, a.action, a.resource_type, a.resource_id,
    a.old_values, a.new_values, a.changed_fields, a.ip_address, a.user_agent, a.request_id, a.reason
  )::text, 'UTF8')), 'hex')
$$`

/**
 * Appends one audit row to its tenant's chain (tenant NULL: the platform chain). The advisory lock
 * serialises appends per chain until the transaction ends, and the id is taken under it, so ids
 * follow chain order. SECURITY DEFINER: the request role may call it but not write the table.
 */
export const appendFunction = `create function logging_append_audit(
    p_action text, p_resource_type text, p_resource_id text, p_old jsonb, p_new jsonb,
    p_changed text[], p_user_id uuid, p_tenant_id uuid, p_request_id text, p_ip text,
    p_user_agent text, p_reason text
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
  r.hash := logging_audit_hash(r);
  insert into audit_logs select r.*;
  return r.id;
end $$`

/** Column names that never reach an audit row (tokens, codes, secrets, hashes, passwords). */
const SECRET_COLUMN = `'(token|code|secret|hash|password|otp)'`

/**
 * The trigger on every tenant table: old and new values (for an update, only the changed columns),
 * secret columns left out; actor, request and address from the transaction's settings.
 */
export const rowTriggerFunction = `create function logging_audit_row() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  old_row jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
  new_row jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
  changed text[];
  key text;
  resource_id text := coalesce(new_row, old_row) ->> 'id';
  tenant_id uuid := (coalesce(new_row, old_row) ->> 'tenant_id')::uuid;
begin
  for key in select k from jsonb_object_keys(coalesce(new_row, old_row)) k where k ~* ${SECRET_COLUMN} loop
    old_row := old_row - key;
    new_row := new_row - key;
  end loop;
  if tg_op = 'UPDATE' then
    select coalesce(array_agg(k order by k), '{}') into changed from jsonb_object_keys(new_row) k
      where new_row -> k is distinct from old_row -> k;
    if cardinality(changed) = 0 then return null; end if;
    select jsonb_object_agg(k, old_row -> k), jsonb_object_agg(k, new_row -> k)
      into old_row, new_row from unnest(changed) k;
  else
    select coalesce(array_agg(k order by k), '{}') into changed
      from jsonb_object_keys(coalesce(new_row, old_row)) k;
  end if;
  perform logging_append_audit(
    lower(tg_op), tg_table_name::text, resource_id, old_row, new_row, changed,
    nullif(current_setting('app.user_id', true), '')::uuid, tenant_id,
    nullif(current_setting('app.request_id', true), ''), nullif(current_setting('app.ip', true), ''),
    null, null);
  return null;
end $$`

/**
 * Deletes rows past their retention, once across replicas (a try-lock: a replica that finds it
 * taken skips). Returns the rows removed per table. Audit rows go only through here.
 */
const retentionFunction = `create function logging_apply_retention(
    logs_days integer, audit_days integer, metrics_days integer
  ) returns table (table_name text, removed bigint)
  language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  n bigint;
begin
  if not pg_try_advisory_xact_lock(hashtextextended('logging.retention', 0)) then return; end if;
  if logs_days > 0 then
    delete from logs where timestamp < now() - make_interval(days => logs_days);
    get diagnostics n = row_count; table_name := 'logs'; removed := n; return next;
  end if;
  if audit_days > 0 then
    delete from audit_logs where timestamp < now() - make_interval(days => audit_days);
    get diagnostics n = row_count; table_name := 'audit_logs'; removed := n; return next;
  end if;
  if metrics_days > 0 then
    delete from performance_metrics where timestamp < now() - make_interval(days => metrics_days);
    get diagnostics n = row_count; table_name := 'performance_metrics'; removed := n; return next;
  end if;
end $$`

const FUNCTIONS = [
  'logging_audit_hash(audit_logs)',
  'logging_append_audit(text, text, text, jsonb, jsonb, text[], uuid, uuid, text, text, text, text)',
  'logging_audit_row()',
  'logging_apply_retention(integer, integer, integer)',
]

/**
 * Logs, the audit trail and request metrics. The request role reads them under row-level security
 * (its tenant, or everything in an `app.logging_all` transaction), appends logs and metrics, and
 * reaches `audit_logs` only through `logging_append_audit`: no INSERT, UPDATE or DELETE on it.
 * RLS is enabled and forced, as on every table with a `tenant_id`; the owner's own policy lets its
 * SECURITY DEFINER functions append to every chain.
 */
export const loggingTables: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of tables) await sql.raw(statement).execute(db)
    for (const fn of [hashFunction, appendFunction, rowTriggerFunction, retentionFunction])
      await sql.raw(fn).execute(db)
    for (const signature of FUNCTIONS) {
      await sql.raw(`revoke all on function ${signature} from public`).execute(db)
      await sql.raw(`grant execute on function ${signature} to ${RUNTIME_ROLE}`).execute(db)
    }
    for (const table of ['logs', 'audit_logs', 'performance_metrics']) {
      await sql.raw(`alter table ${table} enable row level security`).execute(db)
      await sql.raw(`alter table ${table} force row level security`).execute(db)
      await sql
        .raw(`create policy ${table}_read on ${table} for select using ${VISIBLE}`)
        .execute(db)
      // The owner (the migration role, whose SECURITY DEFINER functions append to every chain and
      // apply retention) is bound by FORCE too, so it gets a policy of its own.
      await sql
        .raw(
          `do $$ begin execute format('create policy ${table}_owner on ${table} to %I using (true) with check (true)', current_user); end $$`,
        )
        .execute(db)
    }
    // Core's default privileges granted everything to the runtime role: take back what it may not do.
    await sql.raw(`revoke all on audit_logs, audit_logs_id_seq from ${RUNTIME_ROLE}`).execute(db)
    await sql.raw(`grant select on audit_logs to ${RUNTIME_ROLE}`).execute(db)
    await sql.raw(`revoke all on logs, performance_metrics from ${RUNTIME_ROLE}`).execute(db)
    await sql
      .raw(`grant select, insert on logs, performance_metrics to ${RUNTIME_ROLE}`)
      .execute(db)
    for (const table of ['logs', 'performance_metrics'])
      await sql
        .raw(`create policy ${table}_append on ${table} for insert with check (true)`)
        .execute(db)
  },
  async down(db: Kysely<unknown>) {
    await sql
      .raw(
        `do $$ declare t record; begin
          for t in select event_object_table as name from information_schema.triggers
            where trigger_name = 'logging_audit' and event_object_schema = 'public' group by 1 loop
            execute format('drop trigger logging_audit on %I', t.name);
          end loop; end $$`,
      )
      .execute(db)
    for (const signature of [...FUNCTIONS].reverse())
      await sql.raw(`drop function ${signature}`).execute(db)
    await sql.raw(`drop table performance_metrics, audit_logs, logs`).execute(db)
  },
}
