import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { enrolSecondFactorAndOpenConsole, signInDemo } from "./operator-session";
import { startOwnServer, type OwnServer } from "./own-server";
import { snap } from "./helpers";

// The operators' Revenue and Churn-and-expansion pages on their own server (the operator enrols a
// second factor, which would change the shared server's seeded operator), on the demo data's eight
// months of billing history and the analyses the seed ran on its ten weeks of usage.

let own: OwnServer;
test.beforeAll(async () => {
  own = await startOwnServer();
});
test.afterAll(async () => {
  await own?.dispose();
});

const signIn = (page: Page, email: string) => signInDemo(page, own.port, email);

async function consoleReads(action: "revenue.read" | "insights.read"): Promise<number> {
  const sql = postgres(own.adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from operator_audit_events where action = ${action}`;
    return row!.n;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
const revenueReads = () => consoleReads("revenue.read");

/** The stored scores of a workspace's latest analysis. */
async function scoresOf(slug: string): Promise<{ churn: number; expansion: number }> {
  const sql = postgres(own.adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ churn: number; expansion: number }[]>`
      select r.churn_score as churn, r.expansion_score as expansion from insight_reports r join tenants t on t.id = r.tenant_id
      where t.slug = ${slug} and r.status = 'done' order by r.created_at desc limit 1`;
    return row!;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

test("operators see MRR, its movements and the plan mix, then churn risk and expansion with their reasons, on desktop and phone; nobody else finds the pages", async ({ browser }) => {
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

  // recharts is no part of the page's first load: with every script the HTML does not name
  // refused, the figures and tables are all there, and each chart's box says it could not load.
  const html = await ops.evaluate(() => fetch(location.href).then((response) => response.text()));
  const named = new Set([...html.matchAll(/\/_next\/static\/chunks\/[^"'\s]+\.js/g)].map((m) => m[0]));
  const refused: string[] = [];
  await ops.route("**/_next/static/chunks/**", (route) => {
    const path = new URL(route.request().url()).pathname;
    if (named.has(path)) return route.continue();
    refused.push(path);
    return route.abort();
  });
  await ops.reload();
  await expect(ops.getByText("The chart could not be loaded (reload the page to try again); the table has its figures.")).toHaveCount(3);
  await expect(ops.locator('[data-kpi="MRR"]')).toHaveText("$1,185.67");
  await expect(movements.getByRole("row")).toHaveCount(13);
  expect(refused.length).toBeGreaterThan(0);
  await ops.unrouteAll();
  await ops.reload();
  await expect(ops.locator(".recharts-wrapper > svg.recharts-surface")).toHaveCount(3);

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

  // Churn risk and expansion: nobody but an operator finds the page.
  expect((await alice.goto(`${admin}/insights`))?.status()).toBe(404);
  expect(await consoleReads("insights.read")).toBe(0);
  await ops.goto(admin);
  await ops.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Churn and expansion" }).click();
  await expect(ops.getByRole("heading", { name: "Churn risk and expansion", level: 1 })).toBeVisible();
  // The demo's fading, downgraded Tyrell leads the churn list; Hooli, near its units limit and
  // growing, the expansion list; each score is the stored one, each reason in words with its points.
  const churn = ops.getByRole("table", { name: "Workspaces by churn risk, highest first" });
  const firstChurn = churn.getByRole("row").nth(1);
  await expect(firstChurn.getByRole("link")).toHaveText("Tyrell Systems");
  await expect(firstChurn).toContainText(`${(await scoresOf("tyrell")).churn} / 100`);
  await expect(firstChurn).toContainText(/usage fell [\d.]+ %/);
  await expect(firstChurn).toContainText("downgraded to Starter");
  const expansion = ops.getByRole("table", { name: "Workspaces by expansion potential, highest first" });
  const firstExpansion = expansion.getByRole("row").nth(1);
  await expect(firstExpansion.getByRole("link")).toHaveText("Hooli");
  await expect(firstExpansion).toContainText(`${(await scoresOf("hooli")).expansion} / 100`);
  await expect(firstExpansion).toContainText(/near limits: usage units heading for [\d.]+ % of the limit/);
  // Acme has no usage: it is in neither list.
  await expect(ops.getByRole("link", { name: "Acme Inc." })).toHaveCount(0);
  expect(await consoleReads("insights.read")).toBe(2);
  await snap(ops, "insights-console-01-desktop");
  // A workspace's name opens its page in the console.
  await firstExpansion.getByRole("link").click();
  await expect(ops.getByRole("heading", { name: "Hooli", level: 1 })).toBeVisible();

  await ops.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => ops.evaluate(() => window.innerWidth)).toBe(390);
  await ops.goto(`${admin}/insights`);
  await expect(firstChurn.getByRole("link")).toHaveText("Tyrell Systems");
  expect(await ops.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await snap(ops, "insights-console-02-phone-390px");
});
