import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { enrolSecondFactorAndOpenConsole, signInDemo } from "./operator-session";
import { startOwnServer, type OwnServer } from "./own-server";
import { snap } from "./helpers";

// The operators' Revenue page on its own server (the operator enrols a second factor, which would
// change the shared server's seeded operator), on the demo data's eight months of billing history.

let own: OwnServer;
test.beforeAll(async () => {
  own = await startOwnServer();
});
test.afterAll(async () => {
  await own?.dispose();
});

const signIn = (page: Page, email: string) => signInDemo(page, own.port, email);

async function revenueReads(): Promise<number> {
  const sql = postgres(own.adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from operator_audit_events where action = 'revenue.read'`;
    return row!.n;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

test("operators see MRR, its movements and the plan mix, with tables beside the charts, on desktop and phone; nobody else finds the page", async ({ browser }) => {
  test.setTimeout(150_000); // a second factor to set up, then desktop, phone and bad-input passes
  const admin = `http://admin.localhost:${own.port}`;

  // A member of a workspace, and a visitor: not found.
  const alice = await (await browser.newContext()).newPage();
  await signIn(alice, "alice@acme.test");
  expect((await alice.goto(`${admin}/revenue`))?.status()).toBe(404);
  // A signed-out visitor is sent to the apex sign-in (which would come back here), never shown the page.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`${admin}/revenue`);
  await expect(visitor).toHaveURL((url) => url.origin === `http://localhost:${own.port}` && url.pathname === "/sign-in");
  expect(await revenueReads()).toBe(0);

  const ops = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signIn(ops, "ops@atrium.test");
  await enrolSecondFactorAndOpenConsole(ops, own.port);

  await ops.goto(`${admin}/revenue`);
  await expect(ops.getByRole("heading", { name: "Revenue", level: 1 })).toBeVisible();
  // Demo data: eight paying workspaces (two on yearly plans, one past due still counted).
  await expect(ops.locator('[data-kpi="MRR"]')).toHaveText("$1,185.67");
  await expect(ops.locator('[data-kpi="Paying workspaces"]')).toHaveText("8");
  await expect(ops.locator('[data-status-count="Past due"]')).toHaveText("1");
  const movements = ops.getByRole("table", { name: "MRR movements by month" });
  await expect(movements.getByRole("row")).toHaveCount(13);
  await expect(ops.getByRole("table", { name: "Plan mix" }).getByRole("row")).toHaveCount(6);
  // The charts draw (recharts measures its container in the browser).
  await expect(ops.locator(".recharts-wrapper > svg.recharts-surface")).toHaveCount(3);
  await expect(ops.getByRole("link", { name: "12 months" })).toHaveAttribute("aria-current", "page");
  expect(await revenueReads()).toBe(1);
  await snap(ops, "revenue-01-desktop");

  // On a phone the tables scroll inside their cards; the page itself does not scroll sideways.
  await ops.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => ops.evaluate(() => window.innerWidth)).toBe(390);
  await ops.reload();
  await expect(ops.locator(".recharts-wrapper > svg.recharts-surface")).toHaveCount(3);
  expect(await ops.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await snap(ops, "revenue-02-phone-390px");
  await ops.setViewportSize({ width: 1280, height: 900 });

  // Another period, and nonsense in the query string falls back to a year (never an error).
  await ops.getByRole("link", { name: "6 months" }).click();
  await expect(movements.getByRole("row")).toHaveCount(7);
  for (const bad of ["abc", "0", "1e9", "%00", "12&months=6"]) {
    const response = await ops.goto(`${admin}/revenue?months=${bad}`);
    expect(response?.status(), bad).toBe(200);
  }
  await ops.goto(`${admin}/revenue?months=abc`);
  await expect(ops.getByRole("link", { name: "12 months" })).toHaveAttribute("aria-current", "page");
});
