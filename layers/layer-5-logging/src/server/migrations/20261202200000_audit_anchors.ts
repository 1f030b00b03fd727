import { sql, type Kysely, type Migration } from 'kysely'
import { RUNTIME_ROLE } from '@stratum/layer-core/server'

/**
 * Where each audit chain ends and where retention cut it, kept by triggers on `audit_logs` in the
 * transaction that appends or deletes: the verifier compares a chain's newest and oldest rows
 * with them, so removing the newest rows, or old rows outside retention, is found too (a walk
 * along the links alone finds only rows removed from the middle). `chain_tenant` is the tenant of
 * the chain (NULL: the platform chain), `chain_key` the same as text for the primary key. Rows are
 * readable as audit rows are: a tenant its own chain's, a superadmin's console every chain's.
 */
/** As in the first migration, but saying to the trim trigger that this delete is retention's. */
const RETENTION = `create or replace function logging_apply_retention(
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
    perform set_config('logging.retention', 'on', true);
    delete from audit_logs where timestamp < now() - make_interval(days => audit_days);
    get diagnostics n = row_count; table_name := 'audit_logs'; removed := n; return next;
    perform set_config('logging.retention', '', true);
  end if;
  if metrics_days > 0 then
    delete from performance_metrics where timestamp < now() - make_interval(days => metrics_days);
    get diagnostics n = row_count; table_name := 'performance_metrics'; removed := n; return next;
  end if;
end $$`

const statements = [
  `create table audit_chain_anchors (
    chain_key text primary key,
    chain_tenant uuid,
    head_id bigint not null,
    head_hash text not null,
    trimmed_id bigint,
    trimmed_hash text,
    trimmed_timestamp timestamptz,
    updated_at timestamptz not null default now()
  )`,
  `create function logging_audit_anchor_head() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
begin
  insert into audit_chain_anchors (chain_key, chain_tenant, head_id, head_hash)
    values (coalesce(new.tenant_id::text, 'platform'), new.tenant_id, new.id, new.hash)
  on conflict (chain_key) do update
    set head_id = excluded.head_id, head_hash = excluded.head_hash, updated_at = now()
    where audit_chain_anchors.head_id < excluded.head_id;
  return null;
end $$`,
  // Retention's delete moves the cut forward to the newest row it deleted. Any other delete leaves
  // both anchors where they were, so the verifier finds the gap; the head never moves back.
  `create function logging_audit_anchor_trim() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
begin
  if coalesce(current_setting('logging.retention', true), '') <> 'on' then return null; end if;
  update audit_chain_anchors
    set trimmed_id = old.id, trimmed_hash = old.hash, trimmed_timestamp = old.timestamp,
        updated_at = now()
    where chain_key = coalesce(old.tenant_id::text, 'platform')
      and (trimmed_id is null or trimmed_id < old.id);
  return null;
end $$`,
  `create trigger logging_audit_anchor_head after insert on audit_logs
    for each row execute function logging_audit_anchor_head()`,
  `create trigger logging_audit_anchor_trim after delete on audit_logs
    for each row execute function logging_audit_anchor_trim()`,
  RETENTION,
  // Chains written before this migration: their newest row is their head.
  `insert into audit_chain_anchors (chain_key, chain_tenant, head_id, head_hash)
    select distinct on (tenant_id) coalesce(tenant_id::text, 'platform'), tenant_id, id, hash
    from audit_logs order by tenant_id, id desc`,
  `alter table audit_chain_anchors enable row level security`,
  `alter table audit_chain_anchors force row level security`,
  `create policy audit_chain_anchors_read on audit_chain_anchors for select using (
    chain_tenant = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
    or (select current_setting('app.logging_all', true) = 'on'))`,
  `do $$ begin execute format('create policy audit_chain_anchors_owner on audit_chain_anchors to %I using (true) with check (true)', current_user); end $$`,
  `revoke all on audit_chain_anchors from ${RUNTIME_ROLE}`,
  `grant select on audit_chain_anchors to ${RUNTIME_ROLE}`,
  `revoke all on function logging_audit_anchor_head() from public`,
  `revoke all on function logging_audit_anchor_trim() from public`,
]

export const auditAnchors: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of statements) await sql.raw(statement).execute(db)
  },
  async down(db: Kysely<unknown>) {
    await sql
      .raw(RETENTION.replace(/\n {4}perform set_config\('logging\.retention'[^\n]*/g, ''))
      .execute(db)
    await sql`drop trigger logging_audit_anchor_trim on audit_logs`.execute(db)
    await sql`drop trigger logging_audit_anchor_head on audit_logs`.execute(db)
    await sql`drop function logging_audit_anchor_trim()`.execute(db)
    await sql`drop function logging_audit_anchor_head()`.execute(db)
    await sql`drop table audit_chain_anchors`.execute(db)
  },
}
