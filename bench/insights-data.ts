// Bulk data for `bench/insights.ts`: workspaces (each with an owner and a membership) on Pro or
// Starter, four months old, with ten weeks of hourly usage roll-ups (usage units and API calls)
// whose shapes vary by workspace: steady, falling (the last month at a fraction of the one before),
// growing, or quiet. Set-based SQL (generate_series) on a superuser connection of the benchmark's
// own embedded database: row-level security does not apply to it, every constraint does.
import type postgres from "postgres";
import { withoutIndexes } from "./scale-data";

export type InsightsDataTiming = { step: string; rows: number; ms: number };

const HISTORY_HOURS = 70 * 24;

async function timed(timings: InsightsDataTiming[], step: string, run: () => Promise<{ count: number }>): Promise<void> {
  const started = performance.now();
  const result = await run();
  timings.push({ step, rows: result.count, ms: performance.now() - started });
}

export async function generateInsightsData(sql: postgres.Sql, workspaces: number): Promise<InsightsDataTiming[]> {
  const timings: InsightsDataTiming[] = [];
  await sql`set synchronous_commit = off`;
  await sql`set maintenance_work_mem = '256MB'`;
  await sql`set work_mem = '64MB'`;
  await timed(timings, "users (one owner per workspace)", () => sql`
    insert into users (email, name, password_hash, created_at, updated_at)
    select 'owner-' || g || '@insights.test', 'Insights Owner ' || g, 'not-a-password-hash', now(), now()
    from generate_series(1, ${workspaces}::int) g`);
  await timed(timings, "workspaces", () => sql`
    insert into tenants (slug, name, status, plan_id, onboarding_step, onboarding_completed_at, created_at, updated_at)
    select 'ins-' || lpad(g::text, 6, '0'), 'Insights Workspace ' || g, 'active', case when g % 3 = 0 then 'starter' else 'pro' end,
           'done', now(), now() - make_interval(days => 120 + g % 30), now()
    from generate_series(1, ${workspaces}::int) g`);
  await timed(timings, "memberships (owners)", () => sql`
    insert into memberships (tenant_id, user_id, role, created_at)
    select t.id, u.id, 'owner', t.created_at from tenants t join users u on u.email = 'owner-' || ltrim(substr(t.slug, 5), '0') || '@insights.test'
    where t.slug like 'ins-%'`);
  // Hour h (0 = ten weeks ago): a level per workspace, a day rhythm, and a shape: every 7th falls to
  // 30 % over the last month, every 5th grows to twice its level, every 11th is nearly idle.
  const shape = sql`
    select t.id as tenant_id, n, h, date_trunc('hour', now()) - make_interval(hours => ${HISTORY_HOURS}::int - h) as bucket_start,
           (20 + (n * 37) % 400) * (0.5 + 0.5 * sin(pi() * ((h % 24) / 12.0))) *
           case when n % 7 = 0 then greatest(0.3, 1 - 0.7 * greatest(0, h - ${HISTORY_HOURS - 30 * 24}::int) / (30 * 24.0))
                when n % 5 = 0 then 1 + h / ${HISTORY_HOURS}::float8
                when n % 11 = 0 then 0.02
                else 1 end as level
    from (select id, row_number() over (order by slug) as n from tenants where slug like 'ins-%') t
    cross join generate_series(0, ${HISTORY_HOURS - 1}::int) h`;
  await timed(timings, "hourly usage roll-ups (units, API calls; indexes rebuilt after)", () =>
    withoutIndexes(sql, "usage_rollups", () => sql`
      insert into usage_rollups (tenant_id, metric, granularity, bucket_start, quantity)
      select s.tenant_id, m.metric, 'hour', s.bucket_start, greatest(0, round(s.level * m.factor * (0.85 + 0.3 * ((s.n * 31 + s.h * 17) % 100) / 100.0)))::bigint
      from (${shape}) s cross join (values ('units', 1), ('api_calls', 10)) as m(metric, factor)`),
  );
  const started = performance.now();
  await sql`vacuum (analyze) users, tenants, memberships, usage_rollups`;
  await sql`checkpoint`;
  timings.push({ step: "vacuum (analyze), checkpoint", rows: 0, ms: performance.now() - started });
  return timings;
}
