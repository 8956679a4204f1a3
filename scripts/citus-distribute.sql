-- Atrium on Citus: every tenant table is distributed by tenant_id in one colocation group, the
-- global tables (tenants among them) become reference tables, rate_limit_buckets stays on the
-- coordinator. See README.md, "Citus".
--
-- Run once, as a superuser on the coordinator of an empty or freshly migrated database, after
-- `npm run db:migrate` and before traffic:
--
--   psql "$CITUS_ADMIN_URL" -v ON_ERROR_STOP=1 -f scripts/citus-distribute.sql
--
-- The three lists below are checked against the catalog by test/rls.test.ts ("Citus readiness"):
-- a table added to the schema fails the tests until it is named here, and the guard at the end
-- refuses to commit if any table of the database was left out.

create extension if not exists citus;

begin;

-- Foreign keys to reference tables are created in the same transaction as the shards: Citus
-- wants that DDL run shard by shard.
set local citus.multi_shard_modify_mode to 'sequential';

-- usage_events refers to its workspace through statement-level triggers (drizzle/0019), chosen on
-- one node because a row-level foreign key re-checked the same workspace for each of a batch's
-- 1,000 rows. On Citus those triggers would run on every node holding a replica of `tenants`;
-- a plain foreign key to the reference table is checked on the shard's own node instead.
drop trigger if exists usage_events_tenant_exists_insert on usage_events;
drop trigger if exists usage_events_tenant_exists_update on usage_events;
drop trigger if exists tenants_delete_usage_events on tenants;
alter table usage_events
  add constraint usage_events_tenant_id_tenants_id_fk foreign key (tenant_id) references tenants (id) on delete cascade;

-- Every foreign key is set aside while the tables change kind, and put back afterwards exactly as
-- it was (from the catalog, so none is forgotten): Citus accepts a key from a distributed table to
-- a reference table, not one to a table that is still local.
create temp table atrium_foreign_keys on commit drop as
  select conrelid::regclass::text as table_name, conname, pg_get_constraintdef(oid) as definition
  from pg_constraint
  where contype = 'f' and connamespace = 'public'::regnamespace;
do $$
declare fk record;
begin
  for fk in select * from atrium_foreign_keys loop
    execute format('alter table %s drop constraint %I', fk.table_name, fk.conname);
  end loop;
end $$;

-- Reference tables: a full copy on every node, so any shard can join them and check keys against
-- them locally. `tenants` is one of them (keyed by id, not tenant_id): its slug must stay unique
-- across all workspaces, which Citus can enforce only on a reference table, and host resolution
-- reads it by slug. The price: a transaction that locks or updates the workspace row
-- (lockTenantOrThrow, plan and status changes) writes to every node.
select create_reference_table('tenants');
select create_reference_table('users');
select create_reference_table('operator_audit_events');
select create_reference_table('auth_handoffs');
select create_reference_table('auth_identities');
select create_reference_table('auth_sessions');
select create_reference_table('auth_tokens');
select create_reference_table('billing_events');
select create_reference_table('email_outbox');
select create_reference_table('passkeys');
select create_reference_table('user_recovery_codes');
select create_reference_table('user_totp');
-- The status page's incidents and subscribers (drizzle/0036): platform-wide, small.
select create_reference_table('incidents');
select create_reference_table('incident_updates');
select create_reference_table('status_subscribers');
-- Each event consumer's cursor (drizzle/0038): platform-wide, a row per consumer.
select create_reference_table('event_consumer_cursors');
-- A person's notification email choices (drizzle/0040): per user, like user_totp.
select create_reference_table('notification_preferences');

-- Tenant tables: hash-distributed by tenant_id, all colocated with memberships, so one workspace's
-- rows of every table live on the same node and a statement that names its tenant_id (every one
-- the app sends outside server/db/cross-tenant.ts; the tests check) runs on that node alone.
select create_distributed_table('memberships', 'tenant_id');
select create_distributed_table('api_keys', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('audit_events', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('billing_jobs', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('invitations', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('invoices', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('local_checkout_sessions', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('mrr_movements', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('provider_subscriptions', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('sso_connections', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('sso_domains', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('sso_policies', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('subscriptions', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('tenant_domains', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('tenant_status_changes', 'tenant_id', colocate_with => 'memberships');
-- Support access grants (drizzle/0031).
select create_distributed_table('support_access_grants', 'tenant_id', colocate_with => 'memberships');
-- Domain events (drizzle/0038). The relay reads them across workspaces in (xid, seq) order below
-- the oldest running transaction: that order assumes one transaction-id space (the coordinator's).
select create_distributed_table('events', 'tenant_id', colocate_with => 'memberships');
-- The bell's notifications (drizzle/0040).
select create_distributed_table('notifications', 'tenant_id', colocate_with => 'memberships');
-- Insight reports (drizzle/0042).
select create_distributed_table('insight_reports', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('usage_alerts', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('usage_events', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('usage_overage', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('usage_rollups', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('workspace_exports', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('workspace_request_minutes', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('webhook_endpoints', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('webhook_deliveries', 'tenant_id', colocate_with => 'memberships');
select create_distributed_table('webhook_attempts', 'tenant_id', colocate_with => 'memberships');

-- Kept on the coordinator (a plain table): rate_limit_buckets takes a write per API request and
-- is never joined with tenant data, so copying it to every node would only multiply the writes.
-- (Deployments of this size set REDIS_URL, which moves the limiter to Redis anyway.)
-- probe_results likewise: the prober's few rows a minute, read only by the status page.

do $$
declare fk record;
begin
  for fk in select * from atrium_foreign_keys order by table_name, conname loop
    execute format('alter table %s add constraint %I %s', fk.table_name, fk.conname, fk.definition);
  end loop;
end $$;

-- Guard: every table of the schema is distributed by tenant_id (one colocation group), a
-- reference table, or named here as kept on the coordinator; otherwise nothing is committed.
do $$
declare
  local_tables text[] := array['rate_limit_buckets', 'probe_results'];
  problem text;
begin
  select string_agg(c.relname, ', ' order by c.relname) into problem
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> all (local_tables)
    and not exists (select 1 from pg_dist_partition p where p.logicalrelid = c.oid);
  if problem is not null then
    raise exception 'neither distributed nor reference (name them in scripts/citus-distribute.sql): %', problem;
  end if;
  select string_agg(logicalrelid::text, ', ') into problem
  from pg_dist_partition
  where partmethod = 'h' and column_to_column_name(logicalrelid, partkey) <> 'tenant_id';
  if problem is not null then
    raise exception 'distributed by another column than tenant_id: %', problem;
  end if;
  if (select count(distinct colocationid) from pg_dist_partition where partmethod = 'h') > 1 then
    raise exception 'the tenant tables are not in one colocation group';
  end if;
end $$;

commit;

-- Report (read it): row-level security as the shards have it. Citus must carry the policies and
-- FORCE to every shard, and app.tenant_id must reach the workers (see README.md, "Citus").
select logicalrelid::regclass as table_name, result as shard_rls_enabled_and_forced
from pg_dist_partition,
  lateral run_command_on_shards(logicalrelid,
    $$select relrowsecurity and relforcerowsecurity from pg_class where oid = '%s'::regclass$$)
where partmethod = 'h'
group by 1, 2
order by 1;
