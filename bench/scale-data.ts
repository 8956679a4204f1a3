// Bulk data for `bench/scale.ts`: extra workspaces (each with an owner, a membership, an API
// key and its creation audit event), usage events with the roll-ups ingestion would have written
// for them, and a large audit log in one workspace. Set-based SQL (generate_series) on a
// superuser connection of the benchmark's own embedded database: row-level security does not
// apply to it, but every constraint, foreign key and index does.
import type postgres from "postgres";

export type ScaleSize = { workspaces: number; usageEvents: number; auditEvents: number };

export type StepTiming = { step: string; rows: number; ms: number };

const AUDIT_ACTIONS = [
  "member.added",
  "member.removed",
  "member.role_changed",
  "api_key.created",
  "api_key.revoked",
  "tenant.renamed",
  "tenant.branding_updated",
  "billing.plan_changed",
  "billing.invoice_paid",
  "usage.alert",
  "domain.added",
  "domain.verified",
];

/**
 * Runs a bulk insert with the table's indexes and constraints (primary key, unique, foreign keys)
 * taken off and put back after, as PostgreSQL's "Populating a Database" advises: building an
 * index once by sorting is far cheaper than ten million random insertions into it, and a
 * foreign key added afterwards is checked in one pass. The definitions are read from the
 * catalog, so whatever the migrations created comes back exactly.
 */
export async function withoutIndexes<T>(sql: postgres.Sql, table: string, run: () => Promise<T>): Promise<T> {
  const constraints = await sql<{ name: string; def: string; type: string }[]>`
    select conname as name, pg_get_constraintdef(oid) as def, contype as type from pg_constraint
    where conrelid = ${table}::regclass and contype in ('p', 'u', 'f') order by contype = 'f'`;
  const indexes = await sql<{ name: string; def: string }[]>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def from pg_index i
    where i.indrelid = ${table}::regclass
      and not exists (select 1 from pg_constraint c where c.conrelid = i.indrelid and c.conindid = i.indexrelid and c.contype in ('p', 'u'))`;
  for (const c of [...constraints].reverse()) await sql.unsafe(`alter table ${table} drop constraint ${c.name}`);
  for (const i of indexes) await sql.unsafe(`drop index ${i.name}`);
  const result = await run();
  for (const c of constraints) await sql.unsafe(`alter table ${table} add constraint ${c.name} ${c.def}`);
  for (const i of indexes) await sql.unsafe(i.def);
  return result;
}

/**
 * A workspace's audit log: newest first one event every ~10 s, in groups of three sharing a
 * timestamp (as events written in one transaction do), a dozen actions, the given actors and
 * "system" (no actor) in turn.
 */
export function insertAuditEvents(sql: postgres.Sql, { tenantId, actors, count }: { tenantId: string; actors: string[]; count: number }) {
  return sql`
    insert into audit_events (tenant_id, actor_user_id, action, target, ip, user_agent, metadata, created_at)
    select ${tenantId}::uuid,
           (${actors}::uuid[])[1 + g % ${actors.length + 1}::int],
           (${AUDIT_ACTIONS}::text[])[1 + (g * 7) % ${AUDIT_ACTIONS.length}::int],
           'item:' || g,
           '203.0.113.' || (g % 250),
           'Mozilla/5.0 (X11; Linux x86_64) bench/' || (g % 10),
           jsonb_build_object('n', g, 'note', 'generated event ' || g),
           now() - make_interval(secs => (g / 3) * 31)
    from generate_series(1, ${count}::int) g`;
}

async function timed<T extends readonly unknown[]>(timings: StepTiming[], step: string, run: () => Promise<T & { count: number }>): Promise<void> {
  const started = performance.now();
  const result = await run();
  timings.push({ step, rows: result.count, ms: performance.now() - started });
}

/**
 * Generates the data; `acmeId` receives its share of usage events and all the audit events
 * (actors: the given users and "system"). Returns one timing per step.
 */
export async function generateScaleData(sql: postgres.Sql, options: ScaleSize & { acmeId: string; auditActors: string[] }): Promise<StepTiming[]> {
  const { workspaces, usageEvents, auditEvents, acmeId, auditActors } = options;
  const timings: StepTiming[] = [];
  // One bulk session: no fsync wait per commit (the data is thrown away after the run) and
  // room to sort for the index builds.
  await sql`set synchronous_commit = off`;
  await sql`set maintenance_work_mem = '256MB'`;
  await sql`set work_mem = '64MB'`;

  const [alice] = await sql<{ password_hash: string }[]>`select password_hash from users where email = 'alice@acme.test'`;
  await timed(timings, "users (one owner per workspace)", () => sql`
    insert into users (email, name, password_hash, created_at, updated_at)
    select 'owner-' || g || '@scale.test', 'Scale Owner ' || g, ${alice!.password_hash}, now(), now()
    from generate_series(1, ${workspaces}::int) g`);
  await timed(timings, "workspaces", () => sql`
    insert into tenants (slug, name, status, trial_ends_at, onboarding_step, onboarding_completed_at, created_at, updated_at)
    select 'scale-' || lpad(g::text, 6, '0'), 'Scale Workspace ' || g, 'trialing',
           -- Trials end 5 to 13 days out: no reminder or expiry falls due while the benchmark runs.
           now() + make_interval(days => 5 + g % 9), 'done', now(), now() - make_interval(days => g % 14), now()
    from generate_series(1, ${workspaces}::int) g`);
  await timed(timings, "memberships (owners)", () => sql`
    insert into memberships (tenant_id, user_id, role)
    select t.id, u.id, 'owner' from tenants t join users u on u.email = 'owner-' || ltrim(substr(t.slug, 7), '0') || '@scale.test'
    where t.slug like 'scale-%'`);
  await timed(timings, "audit events (tenant.created per workspace)", () => sql`
    insert into audit_events (tenant_id, actor_user_id, action, target, metadata, created_at)
    select t.id, m.user_id, 'tenant.created', 'tenant:' || t.slug, jsonb_build_object('name', t.name, 'slug', t.slug), t.created_at
    from tenants t join memberships m on m.tenant_id = t.id where t.slug like 'scale-%'`);
  await timed(timings, "API keys (one per workspace)", () => sql`
    insert into api_keys (tenant_id, name, prefix, key_hash, scopes, created_by)
    select t.id, 'production', 'atr_live_' || substr(md5(t.slug), 1, 4), encode(sha256(convert_to('scale-key:' || t.id, 'UTF8')), 'hex'),
           array['usage:read', 'usage:write'], m.user_id
    from tenants t join memberships m on m.tenant_id = t.id where t.slug like 'scale-%'`);

  // Usage: the same pattern of events for every workspace (acme included) over the 30 days
  // before `base`; every 50th is a storage gauge reading, the rest usage units.
  const perWorkspace = Math.max(1, Math.ceil(usageEvents / (workspaces + 1)));
  const base = new Date().toISOString();
  const pattern = sql`
    select g, case when g % 50 = 0 then 'storage_gb' else 'units' end as metric,
           case when g % 50 = 0 then 1 + g % 7 else 1 + g % 5 end as quantity,
           ${base}::timestamptz - make_interval(mins => (g * 7919) % 43200) as occurred_at
    from generate_series(1, ${perWorkspace}::int) g`;
  const usageTenants = sql`select id from tenants where slug like 'scale-%' or id = ${acmeId}::uuid`;
  await timed(timings, "usage events (indexes rebuilt after)", () =>
    withoutIndexes(sql, "usage_events", () => sql`
      insert into usage_events (tenant_id, metric, quantity, occurred_at, idempotency_key, received_at)
      select t.id, e.metric, e.quantity, e.occurred_at, 'evt-' || e.g, now()
      from (${usageTenants} order by id) t cross join (${pattern}) e`),
  );
  // The roll-ups ingestion keeps incrementally (hour and day; counters add up, gauges keep the
  // peak). Every workspace has the same events, so they are aggregated once and copied: new
  // workspaces have none yet (plain insert, indexes rebuilt after), acme's are added to its own.
  const rollups = sql`
    select e.metric, g.granularity, date_trunc(g.granularity, e.occurred_at, 'UTC') as bucket_start,
           case when e.metric = 'storage_gb' then max(e.quantity) else sum(e.quantity) end as quantity
    from (${pattern}) e cross join (values ('hour'), ('day')) as g(granularity)
    group by 1, 2, 3`;
  await timed(timings, "usage roll-ups, new workspaces (hour and day)", () =>
    withoutIndexes(sql, "usage_rollups", () => sql`
      insert into usage_rollups (tenant_id, metric, granularity, bucket_start, quantity)
      select t.id, r.metric, r.granularity, r.bucket_start, r.quantity
      from (select id from tenants where slug like 'scale-%') t cross join (${rollups}) r`),
  );
  await timed(timings, "usage roll-ups, acme", () => sql`
    insert into usage_rollups (tenant_id, metric, granularity, bucket_start, quantity)
    select ${acmeId}::uuid, r.metric, r.granularity, r.bucket_start, r.quantity from (${rollups}) r
    on conflict (tenant_id, metric, granularity, bucket_start) do update set quantity =
      case when excluded.metric = 'storage_gb' then greatest(usage_rollups.quantity, excluded.quantity)
           else usage_rollups.quantity + excluded.quantity end`);

  await timed(timings, "audit events (acme; indexes rebuilt after)", () =>
    withoutIndexes(sql, "audit_events", () => insertAuditEvents(sql, { tenantId: acmeId, actors: auditActors, count: auditEvents })),
  );

  const started = performance.now();
  // As autovacuum would after these inserts (and so it does not start during the measurements).
  await sql`vacuum (analyze) users, tenants, memberships, api_keys, usage_events, usage_rollups, audit_events`;
  timings.push({ step: "vacuum (analyze)", rows: 0, ms: performance.now() - started });
  // Writes the bulk load's pages out now rather than in a checkpoint during the measurements
  // (where it could slow the commits of the API's rate-limit writes).
  const checkpointStarted = performance.now();
  await sql`checkpoint`;
  timings.push({ step: "checkpoint", rows: 0, ms: performance.now() - checkpointStarted });
  return timings;
}
