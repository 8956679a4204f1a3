import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "./client";
import { poolUsage } from "./pool-usage";

describe("pool usage", () => {
  it("counts a transaction and a statement while they hold connections, and nothing once they settle", async () => {
    await getDb().execute(sql`select 1`);
    const before = poolUsage();
    expect(before.max).toBeGreaterThan(0);
    let during = { inUse: 0, waiting: 0, max: 0 };
    let statementDuring = { inUse: 0, waiting: 0, max: 0 };
    await getDb().transaction(async (tx) => {
      during = poolUsage();
      // (drizzle queries start when awaited or then-ed.)
      const slow = getDb()
        .execute(sql`select pg_sleep(0.2)`)
        .then(() => undefined);
      await new Promise((r) => setTimeout(r, 50));
      statementDuring = poolUsage();
      await slow;
      await tx.execute(sql`select 1`);
    });
    // (in use + waiting: the test pool may be smaller than the work.)
    const busy = (u: { inUse: number; waiting: number }) => u.inUse + u.waiting;
    expect(busy(during)).toBe(busy(before) + 1);
    expect(busy(statementDuring)).toBe(busy(before) + 2);
    expect(statementDuring.inUse).toBeLessThanOrEqual(statementDuring.max);
    // A failing statement settles too.
    await expect(getDb().execute(sql`select 1/0`)).rejects.toBeDefined();
    expect(poolUsage()).toEqual(before);
  });
});
