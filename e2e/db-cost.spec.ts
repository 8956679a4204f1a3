import { expect, test } from "@playwright/test";
import { readFileSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import postgres from "postgres";
import { checkStatements, readStatementLog } from "../test/tenant-scope";
import { openSeededDashboard, startOwnServer } from "./own-server";

// Issue 10: every dashboard page does its data work in at most two transactions and about eight
// statements per warm request; a tRPC workspace query in one. Counted from the statements the
// server really sends (ATRIUM_SQL_LOG), on its own server with no background work running.

const PAGES = [
  "/dashboard",
  "/dashboard/members",
  "/dashboard/usage",
  "/dashboard/api-keys",
  "/dashboard/api-reference",
  "/dashboard/billing",
  "/dashboard/settings",
  "/dashboard/settings/domains",
  "/dashboard/settings/data",
  "/dashboard/audit",
];
const TRPC = "/api/trpc/member.list?batch=1&input=%7B%7D";

/** GET on 127.0.0.1 with the Host header (Node cannot resolve *.localhost); resolves when the body has ended. */
function get(port: number, host: string, pathname: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: pathname, headers: { host, cookie } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
  });
}

type Cost = { transactions: number; statements: number; sql: string[] };

/** Statements and transactions in a slice of the log (a statement outside BEGIN…COMMIT is its own transaction). */
function costOf(lines: string[]): Cost {
  const open = new Set<string>();
  let transactions = 0;
  const sql: string[] = [];
  for (const line of lines) {
    const [connection, text = ""] = line.split("\t", 2) as [string, string?];
    const verb = text.split(" ", 1)[0]!.toLowerCase();
    if (verb === "begin") {
      open.add(connection);
      transactions++;
    } else if (verb === "commit" || verb === "rollback") {
      open.delete(connection);
    } else {
      if (!open.has(connection)) transactions++;
      sql.push(text.slice(0, 160));
    }
  }
  return { transactions, statements: sql.length, sql };
}

test("dashboard pages cost at most two transactions and about eight statements when warm", async ({ page }) => {
  test.setTimeout(240_000);
  const log = path.resolve(`.data/sql-${process.pid}.log`);
  rmSync(log, { force: true });
  const own = await startOwnServer({ ATRIUM_SQL_LOG: log, LOG_LEVEL: "warn" });
  try {
    await openSeededDashboard(page, own.port);
    const acme = `http://acme.localhost:${own.port}`;
    const cookie = (await page.context().cookies(acme)).map((c) => `${c.name}=${c.value}`).join("; ");
    const measure = async (pathname: string): Promise<Cost> => {
      const from = statSync(log).size;
      expect(await get(own.port, `acme.localhost:${own.port}`, pathname, cookie), pathname).toBe(200);
      const added = readFileSync(log).subarray(from).toString("utf8");
      return costOf(added.split("\n").filter(Boolean));
    };

    const report: string[] = [];
    const measured: { path: string; warm: Cost[] }[] = [];
    for (const p of [...PAGES, TRPC]) {
      // The first request warms this page's code paths; the next ones are what a member costs.
      await measure(p);
      const warm = [await measure(p), await measure(p), await measure(p)];
      measured.push({ path: p, warm });
      report.push(`${p.padEnd(32)} ${warm.map((c) => `${c.transactions} tx / ${c.statements} stmts`).join(", ")}`);
    }
    console.log(`Database work per warm request (three requests each):\n${report.join("\n")}`);
    for (const { path: p, warm } of measured) {
      const best = warm.reduce((a, b) => (a.statements <= b.statements ? a : b));
      const budget = p === TRPC ? { transactions: 1, statements: 3 } : { transactions: 2, statements: 8 };
      expect.soft(best.transactions, `${p}: ${best.sql.join("\n")}`).toBeLessThanOrEqual(budget.transactions);
      expect.soft(best.statements, `${p}: ${best.sql.join("\n")}`).toBeLessThanOrEqual(budget.statements);
      // Even when a short cache (session version 5 s, usage snapshot 2 s) has just expired.
      for (const c of warm) expect.soft(c.transactions, `${p}: ${c.sql.join("\n")}`).toBeLessThanOrEqual(budget.transactions + 1);
    }

    // Citus readiness: every statement the server sent (seed, sign-in, every page and query above)
    // names its tenant on each tenant table it touches (test/tenant-scope.ts).
    const admin = postgres(own.adminUrl, { max: 1, onnotice: () => {} });
    const tenantTables = await admin<{ table_name: string }[]>`
      select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id'`.finally(() => admin.end({ timeout: 5 }));
    const scope = checkStatements(readStatementLog(readFileSync(log, "utf8")), new Set(tenantTables.map((t) => t.table_name)), new Set());
    console.log(`Dashboard statements on tenant tables naming their tenant: ${scope.checked.length - scope.unpinned.length} of ${scope.checked.length}`);
    expect(scope.checked.length).toBeGreaterThan(10);
    expect(scope.unpinned).toEqual([]);
  } finally {
    await own.dispose();
    rmSync(log, { force: true });
  }
});
