import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { monthOf } from "../../lib/sla";
import { consoleReader, makeTenant, makeUser, TEST_META } from "../../test/factories";
import { rlsProbe } from "../../test/rls-probe";
import { getDb } from "../db/client";
import { operatorSlaMinutes } from "../db/cross-tenant";
import { tenants, users, workspaceRequestMinutes } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { listSlaBreaches } from "./list-sla-breaches";
import { slaBreachesCsv } from "./sla-breaches-csv";

// March 2024: a month no prober of this test run writes into (its down minutes would count).
const MAR = monthOf(Date.UTC(2024, 2, 1));
const AFTER = Date.UTC(2024, 5, 1);

const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
afterAll(() => admin.end({ timeout: 5 }));

async function onPlan(planId: "starter" | "pro" | "enterprise") {
  const { tenant } = await makeTenant();
  await withTenant(tenant.id, (tx) => tx.update(tenants).set({ status: "active", planId, createdAt: new Date(Date.UTC(2024, 0, 1)) }).where(eq(tenants.id, tenant.id)));
  return tenant;
}

async function operator(role: "support" | null = "support") {
  const user = await makeUser("Operator");
  if (role) await getDb().update(users).set({ operatorRole: role }).where(eq(users.id, user.id));
  return { user, reader: await consoleReader(user.id) };
}

const buckets = (fast: number, slow = 0) => `{${fast},0,0,0,0,0,0,0,${slow}}`;
async function minute(tenantId: string, at: number, surface: "api" | "dashboard", requests: number, serverErrors: number, slow = 0) {
  await admin`insert into workspace_request_minutes (tenant_id, surface, minute, requests, server_errors, latency_buckets)
    values (${tenantId}, ${surface}, ${new Date(at)}, ${requests}, ${serverErrors}, ${buckets(requests - slow, slow)}::int[])`;
}

/** An hour in which every minute has 10 requests and 1 server error (10 %: bad). */
async function badHour(tenantId: string) {
  for (let i = 0; i < 60; i++) await minute(tenantId, Date.UTC(2024, 2, 5, 9, i), "api", 10, 1);
}

const auditOf = async (actorUserId: string) =>
  (await admin<{ action: string; metadata: Record<string, unknown> }[]>`
    select action, metadata from operator_audit_events where actor_user_id = ${actorUserId} order by created_at, id`).map((r) => ({ ...r }));

describe("the console's SLA read (atrium_operator_sla_minutes)", () => {
  it("refuses without a console session, and records the refusal", async () => {
    const member = await operator(null);
    await expect(listSlaBreaches({ ...member.reader, month: MAR, now: AFTER })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await auditOf(member.user.id)).toEqual([{ action: "console.refused", metadata: { attempted: "sla.read", cause: "not an operator" } }]);
    await expect(listSlaBreaches({ sessionId: null, meta: TEST_META, month: MAR, now: AFTER })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A workspace host's session is not a console session, even an operator's.
    const op = await operator();
    const elsewhere = await consoleReader(op.user.id, { host: "acme.localhost" });
    await expect(listSlaBreaches({ ...elsewhere, month: MAR, now: AFTER })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await auditOf(op.user.id)).toEqual([{ action: "console.refused", metadata: { attempted: "sla.read", cause: "session of another host" } }]);
  });

  it("audits a call, and returns per workspace its totals and only the minutes bad under the rule passed in", async () => {
    const tenant = await onPlan("pro");
    const t = (m: number) => Date.UTC(2024, 2, 10, 12, m);
    await minute(tenant.id, t(0), "api", 10, 1); // 10 %: bad
    await minute(tenant.id, t(1), "api", 4, 4); // too few requests: not bad
    await minute(tenant.id, t(2), "api", 3, 1); // the surfaces together: 6 requests, 1 error (16.7 %): bad
    await minute(tenant.id, t(2), "dashboard", 3, 0, 1);
    await minute(tenant.id, t(3), "api", 20, 0); // no errors
    await minute(tenant.id, t(4), "api", 100, 4); // 4 %: under the rate
    await minute(tenant.id, Date.UTC(2024, 3, 1), "api", 10, 10); // April: outside the period
    const { user, reader } = await operator();
    const rows = await operatorSlaMinutes({ sessionId: reader.sessionId!, from: new Date(MAR.start), to: new Date(MAR.end), minRequests: 5, errorRate: 0.05, meta: TEST_META });
    const row = rows.find((r) => r.id === tenant.id)!;
    expect(row).toMatchObject({ slug: tenant.slug, planId: "pro", status: "active", requests: 140, serverErrors: 10, errorMinutes: [t(0), t(2)] });
    expect(row.latencyBuckets).toEqual([139, 0, 0, 0, 0, 0, 0, 0, 1]);
    // The rule is the caller's: a stricter one finds fewer bad minutes in the same rows.
    const strict = await operatorSlaMinutes({ sessionId: reader.sessionId!, from: new Date(MAR.start), to: new Date(MAR.end), minRequests: 5, errorRate: 0.15, meta: TEST_META });
    expect(strict.find((r) => r.id === tenant.id)!.errorMinutes).toEqual([t(2)]);
    const audit = await auditOf(user.id);
    expect(audit.map((a) => a.action)).toEqual(["sla.read", "sla.read"]);
    expect(audit[0]!.metadata).toMatchObject({ minRequests: 5, errorRate: 0.05 });
    // A period longer than a month, or a rule out of range, is refused before anything is read.
    await expect(operatorSlaMinutes({ sessionId: reader.sessionId!, from: new Date(Date.UTC(2024, 0, 1)), to: new Date(MAR.end), minRequests: 5, errorRate: 0.05, meta: TEST_META })).rejects.toMatchObject({ cause: { code: "22023" } });
    await expect(operatorSlaMinutes({ sessionId: reader.sessionId!, from: new Date(MAR.start), to: new Date(MAR.end), minRequests: 0, errorRate: 0.05, meta: TEST_META })).rejects.toMatchObject({ cause: { code: "22023" } });
  });

  it("gives the runtime role EXECUTE on the function only: no read of the minutes across workspaces, no inner piece", async () => {
    const tenant = await onPlan("pro");
    await minute(tenant.id, Date.UTC(2024, 2, 20, 0, 0), "api", 10, 5);
    const { reader } = await operator();
    const db = getDb();
    expect(await rlsProbe(null, (tx) => tx.select().from(workspaceRequestMinutes))).toEqual([]);
    await expect(db.execute(sql`select atrium_operator_session_check(${reader.sessionId}::uuid, 'sla.read', 'platform', null, '{}', '{}')`)).rejects.toMatchObject({ cause: { code: "42501" } });
    await expect(db.execute(sql`select * from atrium_operator_workspace_rows('{}'::jsonb)`)).rejects.toMatchObject({ cause: { code: "42501" } });
    const [fn] = await admin<{ definer: boolean; owner: string; public: boolean; app: boolean }[]>`
      select p.prosecdef as definer, pg_get_userbyid(p.proowner) as owner,
        has_function_privilege('public', p.oid, 'execute') as public, has_function_privilege('atrium_app', p.oid, 'execute') as app
      from pg_proc p where p.proname = 'atrium_operator_sla_minutes'`;
    expect(fn).toEqual({ definer: true, owner: "atrium_owner", public: false, app: true });
    const [grants] = await admin<{ select: boolean; update: boolean }[]>`
      select has_table_privilege('atrium_app', 'workspace_request_minutes', 'select') as select, has_table_privilege('atrium_app', 'workspace_request_minutes', 'update') as update`;
    // The runtime role's table rights are what 0034 gave it (its policy scopes them to one workspace).
    expect(grants).toEqual({ select: true, update: true });
    const [policies] = await admin<{ n: number }[]>`select count(*)::int as n from pg_policies where tablename = 'workspace_request_minutes' and 'atrium_app' = any(roles)`;
    expect(policies!.n).toBe(1);
  });
});

describe("the console's SLA list", () => {
  it("lists a Pro workspace with a bad hour as breached, with its credit; a Starter one never", async () => {
    const pro = await onPlan("pro");
    const starter = await onPlan("starter");
    await badHour(pro.id);
    await badHour(starter.id);
    const { reader } = await operator();
    const list = await listSlaBreaches({ ...reader, month: MAR, now: AFTER });
    expect(list.month).toBe("2024-03");
    const row = list.breached.find((r) => r.workspace.id === pro.id);
    expect(row).toMatchObject({ planName: "Pro", target: 99.9, badMinutes: 60, eligibleMinutes: 44_640, requests: 600, serverErrors: 60, breached: true, creditPercent: 10, creditCents: 990, p99Ms: 25 });
    expect(row!.availability).toBe(99.8655);
    expect([...list.breached, ...list.withinTarget].some((r) => r.workspace.id === starter.id)).toBe(false);
    // Lowest availability first.
    const availabilities = list.breached.map((r) => r.availability!);
    expect(availabilities).toEqual([...availabilities].sort((a, b) => a - b));
    const csv = slaBreachesCsv(list).split("\r\n");
    expect(csv[0]).toMatch(/^workspace_id,workspace_slug,workspace_name,month,plan,/);
    expect(csv.find((l) => l.startsWith(pro.id))).toContain(`${pro.id},${pro.slug},Tenant ${pro.slug},2024-03,Pro,99.9,99.8655,60,44640,600,60,10.000,25,25,,yes,10,990`);
  });

  it("keeps a workspace with a few bad minutes but within its target off the breach list", async () => {
    const pro = await onPlan("pro");
    await minute(pro.id, Date.UTC(2024, 2, 12, 8, 0), "api", 10, 9);
    const { reader } = await operator();
    const list = await listSlaBreaches({ ...reader, month: MAR, now: AFTER });
    expect(list.breached.some((r) => r.workspace.id === pro.id)).toBe(false);
    expect(list.withinTarget.find((r) => r.workspace.id === pro.id)).toMatchObject({ badMinutes: 1, breached: false, creditPercent: 0 });
  });
});
