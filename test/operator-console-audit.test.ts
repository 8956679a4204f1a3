import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "../server/db/client";
import { refreshOperatorWorkspaceStats } from "../server/db/cross-tenant";
import { operatorAuditEvents, users } from "../server/db/schema";
import { getJobQueue } from "../server/jobs/job-queue";
import { JobRunner } from "../server/jobs/job-runner";
import { allJobKinds } from "../server/jobs/handlers";
import { getWorkspaceOrThrow } from "../server/operators/get-workspace";
import { listWorkspaces, parseWorkspaceListQuery } from "../server/operators/list-workspaces";
import { getRevenueReport } from "../server/revenue/get-revenue-report";
import { consoleReader, makeTenant, makeUser, TEST_META } from "./factories";
import { waitFor } from "./job-queues";

// drizzle/0032: a refused console read leaves a record in the operator audit log (the refusal
// aborts the read's own statement, audit row included), and the console statistics are refreshed
// only on behalf of a running operator-stats job.

const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
afterAll(() => admin.end({ timeout: 5 }));

async function makeOperator(role: "support" | "admin" | null) {
  const user = await makeUser("Operator");
  if (role) await getDb().update(users).set({ operatorRole: role }).where(eq(users.id, user.id));
  return user;
}

const auditOf = async (actorUserId: string) =>
  (await admin<{ action: string; target: string | null; target_tenant_id: string | null; ip: string | null; metadata: Record<string, unknown> }[]>`
    select action, target, target_tenant_id, ip, metadata from operator_audit_events where actor_user_id = ${actorUserId} order by created_at, id`).map((r) => ({ ...r }));

describe("refused console reads are audited", () => {
  it("records who was refused, for what and why, for the list, a workspace, the export and revenue", async () => {
    const { tenant } = await makeTenant();
    const revoked = await makeOperator("admin");
    const revokedReader = await consoleReader(revoked.id);
    await admin`update auth_sessions set revoked_at = now() where id = ${revokedReader.sessionId}`;
    const member = await makeOperator(null);
    const memberReader = await consoleReader(member.id);
    const noFactor = await makeOperator("support");
    const noFactorReader = await consoleReader(noFactor.id, { secondFactor: false });

    await expect(getWorkspaceOrThrow({ ...revokedReader, tenantId: tenant.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listWorkspaces({ ...memberReader, query: parseWorkspaceListQuery({}) })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listWorkspaces({ ...noFactorReader, query: parseWorkspaceListQuery({}), purpose: "workspaces.export" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getRevenueReport({ reader: memberReader })).rejects.toMatchObject({ code: "NOT_FOUND" });

    expect(await auditOf(revoked.id)).toEqual([
      { action: "console.refused", target: `tenant:${tenant.id}`, target_tenant_id: tenant.id, ip: TEST_META.ip, metadata: { attempted: "workspace.viewed", cause: "session revoked" } },
    ]);
    expect(await auditOf(member.id)).toEqual([
      { action: "console.refused", target: "workspaces", target_tenant_id: null, ip: TEST_META.ip, metadata: { attempted: "workspaces.list", cause: "not an operator" } },
      { action: "console.refused", target: "platform", target_tenant_id: null, ip: TEST_META.ip, metadata: { attempted: "revenue.read", cause: "not an operator" } },
    ]);
    expect(await auditOf(noFactor.id)).toEqual([
      { action: "console.refused", target: "workspaces", target_tenant_id: null, ip: TEST_META.ip, metadata: { attempted: "workspaces.export", cause: "no second factor" } },
    ]);
  });

  it("an unknown session or none at all is recorded without an actor", async () => {
    const marker = `203.0.113.${Math.floor(Math.random() * 200) + 20}-${randomUUID().slice(0, 8)}`;
    const meta = { ip: marker, userAgent: "vitest" };
    await expect(getWorkspaceOrThrow({ sessionId: randomUUID(), meta, tenantId: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getRevenueReport({ reader: { sessionId: null, meta } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const rows = await admin<{ actor_user_id: string | null; metadata: Record<string, unknown> }[]>`
      select actor_user_id, metadata from operator_audit_events where ip = ${marker} order by created_at, id`;
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { actor_user_id: null, metadata: { attempted: "workspace.viewed", cause: "no such session" } },
      { actor_user_id: null, metadata: { attempted: "revenue.read", cause: "no such session" } },
    ]);
  });

  it("the recording function reveals nothing, writes nothing for a session it would accept, and gives the runtime role no read", async () => {
    const operator = await makeOperator("support");
    const reader = await consoleReader(operator.id);
    const db = getDb();
    // An accepted session is not a refusal: no row (and the same empty answer either way).
    const answer = async (sessionId: string) => [...(await db.execute(sql`select atrium_operator_record_refusal(${sessionId}::uuid, 'workspaces.list', 'workspaces', null, '{}'::jsonb) as r`))];
    expect(await answer(reader.sessionId)).toEqual(await answer(randomUUID()));
    expect(await auditOf(operator.id)).toEqual([]);
    // Only the console's reads can be named.
    await expect(db.execute(sql`select atrium_operator_record_refusal(${randomUUID()}::uuid, 'anything', 'x', null, '{}'::jsonb)`)).rejects.toMatchObject({ cause: { code: "22023" } });
    // The runtime role still reads nothing across workspaces, and still cannot rewrite the log.
    expect((await db.execute(sql`select count(*)::int as n from tenants`))[0]).toEqual({ n: 0 });
    await expect(db.execute(sql`select atrium_operator_session_check(${reader.sessionId}::uuid, 'x', 'x', null, '{}', '{}')`)).rejects.toMatchObject({ cause: { code: "42501" } });
    await expect(db.execute(sql`delete from operator_audit_events where action = 'console.refused'`)).rejects.toMatchObject({ cause: { code: "42501" } });
    const [fn] = await admin<{ definer: boolean; owner: string; public: boolean; app: boolean }[]>`
      select p.prosecdef as definer, pg_get_userbyid(p.proowner) as owner,
        has_function_privilege('public', p.oid, 'execute') as public, has_function_privilege('atrium_app', p.oid, 'execute') as app
      from pg_proc p where p.proname = 'atrium_operator_record_refusal'`;
    expect(fn).toEqual({ definer: true, owner: "atrium_owner", public: false, app: true });
  });

  it("an accepted read is still audited as a read, not as a refusal", async () => {
    const operator = await makeOperator("support");
    const reader = await consoleReader(operator.id);
    await listWorkspaces({ ...reader, query: parseWorkspaceListQuery({}) });
    expect((await auditOf(operator.id)).map((r) => r.action)).toEqual(["workspaces.list"]);
    expect(await getDb().select().from(operatorAuditEvents).where(eq(operatorAuditEvents.actorUserId, operator.id))).toHaveLength(1);
  });
});

describe("the console statistics refresh only for the operator-stats job", () => {
  const stats = async (tenantId: string) => (await admin<{ units_30d: string }[]>`select units_30d::text from operator_workspace_stats where tenant_id = ${tenantId}`)[0]?.units_30d ?? null;
  const jobRow = async (id: string) => (await admin<{ state: string; output: Record<string, unknown> | null }[]>`select state, output from pgboss.job where name = 'operator-stats' and id = ${id}`)[0];

  it("the runtime role cannot refresh at will: not without a job, not with a job that is not running, not the old way", async () => {
    const db = getDb();
    await expect(refreshOperatorWorkspaceStats({ jobId: randomUUID() })).rejects.toMatchObject({ cause: { code: "42501" } });
    // A queued (not yet claimed) job of the queue is not a running one.
    const boss = await getJobQueue();
    const queued = (await boss.send("operator-stats", {}, { startAfter: 3600 }))!;
    await expect(refreshOperatorWorkspaceStats({ jobId: queued })).rejects.toMatchObject({ cause: { code: "42501" } });
    await boss.deleteJob("operator-stats", queued);
    // The argument-less function of drizzle/0028 is gone.
    await expect(db.execute(sql`select atrium_operator_refresh_workspace_stats()`)).rejects.toMatchObject({ cause: { code: "42883" } });
    const [fn] = await admin<{ public: boolean; app: boolean }[]>`
      select has_function_privilege('public', p.oid, 'execute') as public, has_function_privilege('atrium_app', p.oid, 'execute') as app
      from pg_proc p where p.proname = 'atrium_operator_refresh_workspace_stats'`;
    expect(fn).toEqual({ public: false, app: true });
  });

  it("the job refreshes them (through the worker), and a second run within a minute is skipped", async () => {
    // A fresh test database's statistics are empty (computed when nothing had usage).
    expect((await admin`select 1 from operator_workspace_stats`).length).toBe(0);
    const { tenant } = await makeTenant();
    await admin`insert into usage_rollups (tenant_id, metric, granularity, bucket_start, quantity) values (${tenant.id}, 'units', 'day', date_trunc('day', now()), 1234)`;
    expect(await stats(tenant.id)).toBeNull();

    const boss = await getJobQueue();
    const runner = new JobRunner(boss, allJobKinds().filter((k) => k.queue === "operator-stats"), { pollIntervalMs: 50, scheduling: false }).start();
    try {
      const first = (await boss.send("operator-stats", {}))!;
      await waitFor(async () => (await jobRow(first))?.state === "completed", 15_000, "the first operator-stats job");
      expect((await jobRow(first))!.output).toEqual({ refreshed: true });
      expect(await stats(tenant.id)).toBe("1234");

      await admin`update usage_rollups set quantity = 5678 where tenant_id = ${tenant.id}`;
      const second = (await boss.send("operator-stats", {}))!;
      await waitFor(async () => (await jobRow(second))?.state === "completed", 15_000, "the second operator-stats job");
      expect((await jobRow(second))!.output).toEqual({ refreshed: false });
      expect(await stats(tenant.id)).toBe("1234");
    } finally {
      await runner.stop(1_000);
    }
  });
});
