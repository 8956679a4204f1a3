import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTenant, makeUser, TEST_META, uid } from "../../test/factories";
import type { OperatorRole } from "../../lib/operator-roles";
import { getDb } from "../db/client";
import { operatorAuditEvents, subscriptions, tenantDomains, tenants, userTotp, users } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { createSessionRecord } from "../sessions/create-session-record";
import { getWorkspaceOrThrow } from "./get-workspace";
import { listWorkspaces, parseWorkspaceListQuery } from "./list-workspaces";
import { streamWorkspacesCsv } from "./export-workspaces-csv";

// The operator console's read path (drizzle/0028): the definer functions refuse every caller but a
// live console session of an operator with a second factor, and write an audit row per call.

const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
afterAll(() => admin.end({ timeout: 5 }));

async function makeOperator(role: OperatorRole | null, { secondFactor = true, host = "admin.localhost" } = {}) {
  const user = await makeUser("Operator");
  if (role) await getDb().update(users).set({ operatorRole: role }).where(eq(users.id, user.id));
  if (secondFactor) await getDb().insert(userTotp).values({ userId: user.id, secretSealed: "sealed-for-test", confirmedAt: new Date() });
  const session = await createSessionRecord({ userId: user.id, host, ip: TEST_META.ip, userAgent: TEST_META.userAgent });
  return { user, sessionId: session.id };
}

const q = (params: Record<string, string | string[]> = {}) => parseWorkspaceListQuery(params);
const auditCount = async (actorUserId: string) => (await getDb().select().from(operatorAuditEvents).where(eq(operatorAuditEvents.actorUserId, actorUserId))).length;

let support: Awaited<ReturnType<typeof makeOperator>>;
// A marker in every workspace name of this file, so searches see only these.
const mark = `ops${uid()}`;
const made: { id: string; slug: string; ownerEmail: string }[] = [];

beforeAll(async () => {
  support = await makeOperator("support");
  for (let i = 0; i < 7; i++) {
    const { tenant, owner } = await makeTenant();
    await withTenant(tenant.id, (tx) => tx.update(tenants).set({ name: `${mark} Workspace ${i}`, createdAt: new Date(Date.UTC(2026, 0, 1 + i)) }).where(eq(tenants.id, tenant.id)));
    made.push({ id: tenant.id, slug: tenant.slug, ownerEmail: owner.email });
  }
  // One paying (Pro, monthly) with a Stripe customer and a custom domain; one past due on Starter.
  await withTenant(made[1]!.id, async (tx) => {
    await tx.update(tenants).set({ status: "active", planId: "pro" }).where(eq(tenants.id, made[1]!.id));
    await tx.insert(subscriptions).values({ tenantId: made[1]!.id, provider: "stripe", customerId: `cus_${mark}`, status: "active", planId: "pro", interval: "month" });
    await tx.insert(tenantDomains).values({ tenantId: made[1]!.id, hostname: `portal.${mark}.example`, verificationToken: "t", status: "verified" });
  });
  await withTenant(made[2]!.id, (tx) => tx.update(tenants).set({ status: "past_due", planId: "starter", pastDueSince: new Date() }).where(eq(tenants.id, made[2]!.id)));
  // Usage: workspace 3 is over Pro's trial limit (100,000 units in 30 days).
  await admin`insert into usage_rollups (tenant_id, metric, granularity, bucket_start, quantity)
    values (${made[3]!.id}, 'units', 'day', date_trunc('day', now()), 150000), (${made[4]!.id}, 'units', 'day', date_trunc('day', now()) - interval '1 day', 20)`;
  // What the operator-stats job runs (its function refreshes only for a claimed job: test/operator-stats-job.test.ts).
  await admin`refresh materialized view concurrently operator_workspace_stats`;
});

describe("operator read path: who may call it", () => {
  it("an operator's console session reads, and every call is audited (who, what, when)", async () => {
    const before = await auditCount(support.user.id);
    const page = await listWorkspaces({ sessionId: support.sessionId, meta: TEST_META, query: q({ q: mark }) });
    expect(page.rows.map((r) => r.id).sort()).toEqual(made.map((m) => m.id).sort());
    await getWorkspaceOrThrow({ sessionId: support.sessionId, meta: TEST_META, tenantId: made[1]!.id });
    const rows = await getDb().select().from(operatorAuditEvents).where(eq(operatorAuditEvents.actorUserId, support.user.id)).orderBy(operatorAuditEvents.createdAt);
    expect(rows).toHaveLength(before + 2);
    const [list, detail] = rows.slice(-2);
    expect(list).toMatchObject({ action: "workspaces.list", target: "workspaces", ip: TEST_META.ip, userAgent: "vitest" });
    expect(list!.metadata).toMatchObject({ q: mark, sort: "created" });
    expect(detail).toMatchObject({ action: "workspace.viewed", target: `tenant:${made[1]!.id}`, targetTenantId: made[1]!.id });
    expect(Date.now() - detail!.createdAt.getTime()).toBeLessThan(60_000);
  });

  it("refuses a non-operator, an operator without a second factor, a session of another host, a revoked one, and no session", async () => {
    const stranger = await makeOperator(null);
    const noFactor = await makeOperator("admin", { secondFactor: false });
    const elsewhere = await makeOperator("admin", { host: "acme.localhost" });
    const revoked = await makeOperator("admin");
    await admin`update auth_sessions set revoked_at = now() where id = ${revoked.sessionId}`;
    // A workspace's custom domain that happens to start with "admin.": its sessions are the workspace's.
    const lookalike = `admin.${mark}.example`;
    await withTenant(made[0]!.id, (tx) => tx.insert(tenantDomains).values({ tenantId: made[0]!.id, hostname: lookalike, verificationToken: "t", status: "verified" }));
    const onCustomDomain = await makeOperator("admin", { host: lookalike });
    for (const caller of [stranger, noFactor, elsewhere, revoked, onCustomDomain]) {
      await expect(listWorkspaces({ sessionId: caller.sessionId, meta: TEST_META, query: q() })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(getWorkspaceOrThrow({ sessionId: caller.sessionId, meta: TEST_META, tenantId: made[0]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
      // Nothing read is recorded as read; each refusal is recorded as one (drizzle/0032).
      const rows = await getDb().select().from(operatorAuditEvents).where(eq(operatorAuditEvents.actorUserId, caller.user.id));
      expect(rows.map((r) => [r.action, r.metadata.attempted])).toEqual([
        ["console.refused", "workspaces.list"],
        ["console.refused", "workspace.viewed"],
      ]);
    }
    await expect(listWorkspaces({ sessionId: null, meta: TEST_META, query: q() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listWorkspaces({ sessionId: "00000000-0000-4000-8000-000000000000", meta: TEST_META, query: q() })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("the runtime role cannot reach the inner functions, the statistics or the audit log's past", async () => {
    const db = getDb();
    const denied = (statement: ReturnType<typeof sql>) => expect(db.execute(statement)).rejects.toMatchObject({ cause: { code: "42501" } });
    await denied(sql`select atrium_operator_session_check(${support.sessionId}::uuid, 'x', 'x', null, '{}', '{}')`);
    await denied(sql`select * from atrium_operator_workspace_rows('{}')`);
    await denied(sql`select * from operator_workspace_stats`);
    await denied(sql`update operator_audit_events set reason = 'x' where actor_user_id = ${support.user.id}`);
    await denied(sql`delete from operator_audit_events where actor_user_id = ${support.user.id}`);
    // Row-level security is unchanged: without a tenant the runtime role sees no workspace at all.
    expect((await db.execute(sql`select count(*)::int as n from tenants`))[0]).toEqual({ n: 0 });
    // A refused call returns no rows and its own audit row goes with the error (the application
    // records the refusal in a statement of its own: test/operator-console-audit.test.ts).
    const stranger = await makeOperator(null);
    await expect(db.execute(sql`select * from atrium_operator_list_workspaces(${stranger.sessionId}::uuid, '{}', '{}', '{}', 'workspaces.list')`)).rejects.toMatchObject({ cause: { code: "42501" } });
  });
});

describe("operator workspace list: search, filters, sort, keyset", () => {
  const ids = async (params: Record<string, string | string[]>) =>
    (await listWorkspaces({ sessionId: support.sessionId, meta: TEST_META, query: q({ q: mark, ...params }) })).rows.map((r) => r.id);

  it("searches name, slug, owner email, custom domain and Stripe customer id (case-insensitive, wildcards literal)", async () => {
    expect(await listWorkspaces({ sessionId: support.sessionId, meta: TEST_META, query: q({ q: made[4]!.slug.toUpperCase() }) }).then((p) => p.rows.map((r) => r.id))).toEqual([made[4]!.id]);
    expect(await listWorkspaces({ sessionId: support.sessionId, meta: TEST_META, query: q({ q: made[5]!.ownerEmail }) }).then((p) => p.rows.map((r) => r.id))).toEqual([made[5]!.id]);
    expect(await listWorkspaces({ sessionId: support.sessionId, meta: TEST_META, query: q({ q: `portal.${mark}` }) }).then((p) => p.rows.map((r) => r.id))).toEqual([made[1]!.id]);
    expect(await listWorkspaces({ sessionId: support.sessionId, meta: TEST_META, query: q({ q: `cus_${mark}` }) }).then((p) => p.rows.map((r) => r.id))).toEqual([made[1]!.id]);
    // % and _ match themselves only.
    expect(await listWorkspaces({ sessionId: support.sessionId, meta: TEST_META, query: q({ q: "%" }) }).then((p) => p.rows)).toEqual([]);
    expect(await ids({ q: `${mark} workspace _` })).toEqual([]);
  });

  it("filters by status, plan, past due, over quota, trial ending and creation date", async () => {
    expect(await ids({ status: "active" })).toEqual([made[1]!.id]);
    expect(await ids({ pastDue: "1" })).toEqual([made[2]!.id]);
    expect((await ids({ plan: "pro" })).sort()).toEqual(made.filter((_, i) => i !== 2).map((m) => m.id).sort());
    expect(await ids({ plan: "starter" })).toEqual([made[2]!.id]);
    expect(await ids({ overQuota: "1" })).toEqual([made[3]!.id]);
    expect((await ids({ from: "2026-01-03", to: "2026-01-05" })).sort()).toEqual([made[2]!.id, made[3]!.id, made[4]!.id].sort());
    expect(await ids({ from: "2026-01-07", to: "9999-12-31" })).toEqual([made[6]!.id]);
    // Trials made now end in 14 days.
    expect(await ids({ trial: "3" })).toEqual([]);
    expect((await ids({ trial: "15" })).length).toBe(5);
  });

  it("sorts by created, MRR, usage and last active; keyset pages cover every row once", async () => {
    expect(await ids({})).toEqual([...made].reverse().map((m) => m.id));
    expect(await ids({ dir: "asc" })).toEqual(made.map((m) => m.id));
    expect((await ids({ sort: "mrr" }))[0]).toBe(made[1]!.id);
    const page = await listWorkspaces({ sessionId: support.sessionId, meta: TEST_META, query: q({ q: mark, sort: "mrr" }) });
    expect(page.rows[0]!.mrrCents).toBe(9_900);
    expect((await ids({ sort: "usage" })).slice(0, 2)).toEqual([made[3]!.id, made[4]!.id]);
    expect((await ids({ sort: "last_active" }))[0]).toBe(made[3]!.id);
    for (const sort of ["created", "mrr", "usage", "last_active"]) {
      for (const dir of ["asc", "desc"]) {
        const seen: string[] = [];
        let query = q({ q: mark, sort, dir });
        for (let i = 0; i < 10; i++) {
          const p = await listWorkspaces({ sessionId: support.sessionId, meta: TEST_META, query, limit: 3 });
          seen.push(...p.rows.map((r) => r.id));
          if (!p.next) break;
          query = { ...query, after: p.next };
        }
        expect(seen.length, `${sort} ${dir}`).toBe(7);
        expect(new Set(seen).size, `${sort} ${dir}`).toBe(7);
      }
    }
  });

  it("streams the CSV export through the same audited path", async () => {
    const before = await auditCount(support.user.id);
    const csv = await new Response(await streamWorkspacesCsv({ sessionId: support.sessionId, meta: TEST_META, query: q({ q: mark }), batchRows: 3 })).text();
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toMatch(/^id,name,slug,status,plan,owner_email/);
    expect(lines).toHaveLength(8);
    expect(lines[1]).toContain(made[6]!.slug);
    const exports = (await getDb().select().from(operatorAuditEvents).where(eq(operatorAuditEvents.actorUserId, support.user.id))).slice(before);
    expect(exports.map((e) => e.action)).toEqual(["workspaces.export", "workspaces.export", "workspaces.export"]);
  });
});

describe("hostile and unlucky input is a 400 with a message, never a 500", () => {
  const bad = (params: Record<string, string | string[]>) => expect(() => q(params)).toThrow(expect.objectContaining({ code: "BAD_REQUEST" }));

  it("refuses NUL bytes, broken characters, huge strings, bad cursors, bad dates and unknown values", () => {
    bad({ q: "acme\0" });
    bad({ q: "\ud800" });
    bad({ q: "x".repeat(201) });
    bad({ after: "garbage" });
    bad({ after: "created.1.not-a-uuid-at-all-0000000000000000" });
    bad({ after: `created.99999999999999999999.${made[0]?.id ?? "00000000-0000-4000-8000-000000000000"}` });
    bad({ after: "x".repeat(10_000) });
    // A cursor of another sort is out of date.
    bad({ sort: "mrr", after: "created.1.00000000-0000-4000-8000-000000000000" });
    bad({ from: "2026-02-30" });
    bad({ from: "0000-01-01" });
    bad({ to: "+10000-01-01" });
    bad({ from: "2026-03-01", to: "2026-02-01" });
    bad({ status: "deleted" });
    bad({ plan: ["pro", "gold"] });
    bad({ trial: "-1" });
    bad({ trial: "1e400" });
    bad({ sort: "name; drop table tenants" });
    bad({ overQuota: "maybe" });
  });

  it("accepts the odd but harmless: repeated keys, unknown keys, empty values, SQL-looking text", async () => {
    const query = q({ q: "'; select pg_sleep(10); --", status: ["trialing", "trialing"], unknown: "x", plan: "" });
    expect(query.statuses).toEqual(["trialing"]);
    expect(q({ status: Array.from({ length: 50 }, () => "active") }).statuses).toEqual(["active"]);
    expect(query.plans).toBeNull();
    expect((await listWorkspaces({ sessionId: support.sessionId, meta: TEST_META, query })).rows).toEqual([]);
    const huge = q({ q: "ü".repeat(200) });
    expect((await listWorkspaces({ sessionId: support.sessionId, meta: TEST_META, query: huge })).rows).toEqual([]);
  });

  it("a detail id that is not a workspace is not found", async () => {
    await expect(getWorkspaceOrThrow({ sessionId: support.sessionId, meta: TEST_META, tenantId: "not-a-uuid" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getWorkspaceOrThrow({ sessionId: support.sessionId, meta: TEST_META, tenantId: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
