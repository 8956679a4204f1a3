import { eq, sql } from "drizzle-orm";
import { tenants } from "../server/db/schema";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "../server/db/client";
import { inSharedTransaction, readTogether, withTenant } from "../server/db/with-tenant";
import { createCaller } from "../server/trpc/root";
import { loadWorkspaceFrame } from "../server/tenants/workspace-frame";
import { contextFor, makeTenant, makeUser } from "./factories";

// Issue 10: a page's reads and a tRPC query's membership check share one transaction.

const txid = (tenantId: string) =>
  withTenant(tenantId, async (tx) => Number((await tx.execute<{ id: string }>(sql`select txid_current()::text as id`))[0]!.id));

/** Counts transactions opened on the real pool (the database is real; only the count is taken). */
function countTransactions() {
  const db = getDb();
  const original = db.transaction;
  const counter = { n: 0, restore: () => void (db.transaction = original) };
  db.transaction = ((...args: Parameters<typeof original>) => {
    counter.n++;
    return original.apply(db, args);
  }) as typeof original;
  restores.push(counter.restore);
  return counter;
}
const restores: (() => void)[] = [];
afterEach(() => restores.splice(0).forEach((r) => r()));

describe("withTenant", () => {
  it("statements sent at once, of every kind, already see the workspace's setting (it goes out first, unwaited)", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    for (const { tenant } of [a, b]) {
      const [setting, rows, count] = await withTenant(tenant.id, (tx) =>
        Promise.all([
          tx.execute<{ t: string }>(sql`select current_setting('app.tenant_id', true) as t`),
          tx.select({ id: tenants.id }).from(tenants),
          tx.$count(tenants),
        ]),
      );
      expect(setting[0]!.t).toBe(tenant.id);
      // Row-level security shows the transaction's own workspace, and only it.
      expect(rows.map((r) => r.id)).toEqual([tenant.id]);
      expect(count).toBe(1);
    }
  });

  it("the work's own error is thrown and its writes are rolled back", async () => {
    const { tenant } = await makeTenant();
    const failure = new Error("the work failed");
    await expect(
      withTenant(tenant.id, async (tx) => {
        await tx.update(tenants).set({ name: "Renamed inside" }).where(eq(tenants.id, tenant.id));
        throw failure;
      }),
    ).rejects.toBe(failure);
    const [row] = await withTenant(tenant.id, (tx) => tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenant.id)));
    expect(row!.name).toBe(tenant.name);
    // A statement the database refuses is reported as itself, not as "transaction is aborted".
    await expect(withTenant(tenant.id, (tx) => tx.execute(sql`select 1 / 0`))).rejects.toMatchObject({ cause: { code: "22012" } });
  });
});

describe("readTogether", () => {
  it("joins every withTenant for the same tenant, in parallel too, into one transaction", async () => {
    const { tenant } = await makeTenant();
    const ids = await readTogether(tenant.id, () => Promise.all([txid(tenant.id), txid(tenant.id), txid(tenant.id)]));
    expect(new Set(ids).size).toBe(1);
    // Outside a scope each call has its own transaction.
    const apart = [await txid(tenant.id), await txid(tenant.id)];
    expect(apart[0]).not.toBe(apart[1]);
    expect(apart).not.toContain(ids[0]);
  });

  it("a call for another tenant inside the scope opens its own transaction and sees only its rows", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    const result = await readTogether(a.tenant.id, async () => {
      const inner = await withTenant(b.tenant.id, async (tx) => ({
        id: Number((await tx.execute<{ id: string }>(sql`select txid_current()::text as id`))[0]!.id),
        visible: (await tx.execute<{ id: string }>(sql`select id from tenants`)).map((r) => r.id),
      }));
      return { outer: await txid(a.tenant.id), inner };
    });
    expect(result.inner.id).not.toBe(result.outer);
    expect(result.inner.visible).toEqual([b.tenant.id]);
  });

  it("work that outlives the scope (fire-and-forget) gets its own transaction instead of a finished one", async () => {
    const { tenant } = await makeTenant();
    let later: Promise<number> | undefined;
    // Started inside the scope (it carries the scope's context), run only once the scope is over:
    // a timer could fire while a slow scope is still open, and then joining would be right.
    let scopeOver!: () => void;
    const over = new Promise<void>((resolve) => (scopeOver = resolve));
    const inside = await readTogether(tenant.id, async () => {
      later = over.then(() => txid(tenant.id));
      return txid(tenant.id);
    });
    scopeOver();
    const after = await later!;
    expect(after).not.toBe(inside);
  });

  it("joined work still running when the scope fails fast finishes on the shared transaction, never on a pooled connection", async () => {
    const { tenant } = await makeTenant();
    let seen: string | null | undefined;
    const slow = () =>
      withTenant(tenant.id, async (tx) => {
        await tx.execute(sql`select pg_sleep(0.2)`);
        seen = (await tx.execute<{ t: string | null }>(sql`select current_setting('app.tenant_id', true) as t`))[0]!.t;
      });
    await expect(readTogether(tenant.id, () => Promise.all([slow(), Promise.reject(new Error("a check failed"))]))).rejects.toThrow("a check failed");
    // The second statement ran inside the workspace's transaction (with its tenant set).
    expect(seen).toBe(tenant.id);
  });

  it("a joined helper that returns a lazy drizzle query runs it once", async () => {
    const { tenant } = await makeTenant();
    const counter = { n: 0 };
    const lazy = {
      then<R>(resolve: (v: number) => R) {
        counter.n++;
        return Promise.resolve(resolve(1));
      },
    } as unknown as Promise<number>;
    await readTogether(tenant.id, () => withTenant(tenant.id, () => lazy));
    expect(counter.n).toBe(1);
  });

  it("inSharedTransaction says whether code holds a shared read transaction", async () => {
    const { tenant } = await makeTenant();
    expect(inSharedTransaction()).toBe(false);
    expect(await readTogether(tenant.id, async () => inSharedTransaction())).toBe(true);
  });
});

describe("one transaction per read", () => {
  it("a tRPC workspace query reads the membership in the same transaction as its work", async () => {
    const { tenant, owner } = await makeTenant();
    const counter = countTransactions();
    const members = await createCaller({ ...contextFor({ user: owner, tenant }), memo: {} }).member.list();
    expect(members.map((m) => m.email)).toContain(owner.email);
    expect(counter.n).toBe(1);
  });

  it("the dashboard frame (role, workspace, member count, workspaces, usage) is one transaction; strangers get null", async () => {
    const { tenant, owner } = await makeTenant([{ role: "member" }]);
    const counter = countTransactions();
    const frame = await loadWorkspaceFrame(tenant.id, owner.id);
    expect(counter.n).toBe(1);
    expect(frame?.tenant).toMatchObject({ id: tenant.id, role: "owner", memberCount: 2 });
    expect(frame?.workspaces.map((w) => w.slug)).toEqual([tenant.slug]);
    expect(frame?.usage?.tenant.id).toBe(tenant.id);
    const stranger = await makeUser();
    expect(await loadWorkspaceFrame(tenant.id, stranger.id)).toBeNull();
  });

  it("the frame refuses a deleted workspace from its fresh row, whatever a host cache still says", async () => {
    const { tenant, owner } = await makeTenant();
    await withTenant(tenant.id, (tx) => tx.update(tenants).set({ deletedAt: new Date() }).where(eq(tenants.id, tenant.id)));
    expect(await loadWorkspaceFrame(tenant.id, owner.id)).toBeNull();
  });
});
