import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { enrolSecondFactorAndOpenConsole, signInDemo, workspaceIdOf } from "./operator-session";
import { startOwnServer, type OwnServer } from "./own-server";
import { snap } from "./helpers";

// The console's SLA breach list on its own server (the operator enrols a second factor). Acme
// (seeded, a Pro trial: 99.9 %) gets a bad hour at the start of last month. A finished month, so
// the figures do not depend on today's date: in the first days of a month, an hour of this month
// is most of the minutes counted so far, and the credit would be 50 %, not 10 %.

let own: OwnServer;
test.beforeAll(async () => {
  own = await startOwnServer();
});
test.afterAll(async () => {
  await own?.dispose();
});

const signIn = (page: Page, email: string) => signInDemo(page, own.port, email);

/** The first instant of last month (UTC). */
const lastMonthStart = (now = new Date()) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));

async function seedBadHour(monthStart: Date): Promise<string> {
  const tenantId = await workspaceIdOf(own.adminUrl, "acme");
  const sql = postgres(own.adminUrl, { max: 1, onnotice: () => {} });
  try {
    // Acme existed all month, and every minute of its first hour had 10 requests, 5 answered 5xx.
    await sql`update tenants set created_at = ${monthStart} where id = ${tenantId}`;
    for (let i = 0; i < 60; i++) {
      await sql`insert into workspace_request_minutes (tenant_id, surface, minute, requests, server_errors, latency_buckets)
        values (${tenantId}, 'api', ${new Date(monthStart.getTime() + i * 60_000)}, 10, 5, '{10,0,0,0,0,0,0,0,0}')
        on conflict (tenant_id, surface, minute) do update set requests = 10, server_errors = 5`;
    }
    return tenantId;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function slaReads(): Promise<number> {
  const sql = postgres(own.adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from operator_audit_events where action = 'sla.read'`;
    return row!.n;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

test("operators see the workspaces below their SLA target and download them as CSV; nobody else finds the page", async ({ browser }) => {
  test.setTimeout(150_000);
  const admin = `http://admin.localhost:${own.port}`;
  const monthStart = lastMonthStart();
  const acmeId = await seedBadHour(monthStart);
  const month = monthStart.toISOString().slice(0, 7);

  // A member of a workspace: not found, for the page and the export.
  const alice = await (await browser.newContext()).newPage();
  await signIn(alice, "alice@acme.test");
  expect((await alice.goto(`${admin}/sla`))?.status()).toBe(404);
  expect((await alice.goto(`${admin}/sla/export?month=${month}`))?.status()).toBe(404);
  expect(await slaReads()).toBe(0);

  const ops = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
  await signIn(ops, "ops@atrium.test");
  await enrolSecondFactorAndOpenConsole(ops, own.port);
  await ops.getByRole("link", { name: "SLA breaches" }).click();
  await expect(ops.getByRole("heading", { name: "SLA breaches", level: 1 })).toBeVisible();
  expect(await slaReads()).toBe(1);
  await ops.goto(`${admin}/sla?month=${month}`);
  const table = ops.getByRole("table", { name: /Workspaces below their SLA target/ });
  const acme = table.getByRole("row").filter({ has: ops.getByRole("link", { name: "Acme" }) });
  await expect(acme).toHaveCount(1);
  await expect(acme.getByRole("link", { name: "Acme" })).toHaveAttribute("href", `/workspaces/${acmeId}`);
  await expect(acme).toContainText("Pro");
  await expect(acme).toContainText("99.9 %");
  await expect(acme).toContainText("10 %");
  expect(await slaReads()).toBe(2);
  await snap(ops, "sla-breaches-desktop");

  const [download] = await Promise.all([ops.waitForEvent("download"), ops.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toBe(`sla-breaches-${month}.csv`);
  const lines = readFileSync((await download.path())!, "utf8").trim().split("\r\n");
  expect(lines[0]).toMatch(/^workspace_id,workspace_slug,workspace_name,month,plan,target_percent,/);
  // (The prober's own down minutes, if any, may lower it further: at least the 10 % step.)
  expect(lines.find((l) => l.startsWith(`${acmeId},`))).toMatch(new RegExp(`^${acmeId},acme,Acme[^,]*,${month},Pro,99\\.9,\\d+\\.\\d{4},\\d+,\\d+,\\d+,\\d+,[\\d.]+,\\d+,\\d+,[^,]*,yes,(10|25|50),\\d+$`));

  // A month the address cannot name: said so (never a 500); a past month with nothing: the empty state.
  const bad = await ops.goto(`${admin}/sla?month=2026-13`);
  expect(bad?.status()).toBe(200);
  await expect(ops.getByText("Choose a month as YYYY-MM.")).toBeVisible();
  await ops.goto(`${admin}/sla?month=2001-01`);
  await expect(ops.getByText("No workspace fell below its target")).toBeVisible();
  const badExport = await ops.evaluate(async () => (await fetch("/sla/export?month=nope")).status);
  expect(badExport).toBe(400);
});
