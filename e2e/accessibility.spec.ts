import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { apex, createWorkspace, DASHBOARD_PAGES, signUp, snap, tenantUrl, uniqueId, watchMissingMessages } from "./helpers";
import { enrolSecondFactor, signInDemo, workspaceIdOf } from "./operator-session";
import { startOwnServer } from "./own-server";

// Issue 17, WCAG 2.2 AA: axe-core on every page a new owner meets, signed out and in, in light
// and dark; any violation fails with what and where.

const SIGNED_OUT = ["/", "/pricing", "/sign-in", "/sign-up", "/forgot-password"];
const SIGNED_IN_APEX = ["/workspaces", "/new", "/account"];

/** The violations on the page as it is now, one line each: rule, impact, where. */
async function violations(page: Page): Promise<string[]> {
  // axe's default rule set: WCAG 2.x A and AA and its best practices (heading order, landmarks, one h1).
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(1, 2).join("").trim() ?? v.help}`));
}

async function check(page: Page, urls: string[], found: Record<string, string[]>): Promise<void> {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const url of urls) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBeLessThan(400);
      await page.waitForLoadState("load");
      const list = await violations(page);
      if (list.length) found[`${scheme} ${url}`] = list;
      // Desktop screenshots of every page in both schemes, for review (mobile.spec.ts takes the 390 px ones).
      await snap(page, `desktop-${scheme}${new URL(url).pathname.replaceAll("/", "-").replace(/-$/, "") || "-root"}${new URL(url).hostname.startsWith("localhost") ? "" : "-workspace"}`);
    }
  }
}

test("no axe violations on the pages a new owner meets, light and dark", async ({ page }) => {
  // About 40 pages, each analysed and photographed in two schemes: over 3 minutes on 2 busy cores.
  test.setTimeout(600_000);
  const found: Record<string, string[]> = {};
  const missing = watchMissingMessages(page);
  await check(page, SIGNED_OUT.map((p) => apex(p)), found);

  const id = uniqueId();
  await page.emulateMedia({ colorScheme: "light" });
  await signUp(page, { name: "Ally Access", email: `ally-${id}@example.test`, password: "a long enough password" });
  const slug = await createWorkspace(page, `Access ${id}`);
  await check(page, SIGNED_IN_APEX.map((p) => apex(p)), found);
  await check(page, ["/", ...DASHBOARD_PAGES].map((p) => tenantUrl(slug, p)), found);

  // Error states: pages that do not exist, a refused sign-in, a form's field errors, in both schemes.
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const url of [apex("/no-such-page"), tenantUrl(slug, "/dashboard/no-such-page")]) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(404);
      const list = await violations(page);
      if (list.length) found[`${scheme} ${url}`] = list;
    }
    await page.goto(tenantUrl(slug, "/dashboard/billing"));
    const form = page.getByRole("form", { name: "Billing details" });
    await form.getByLabel("Billing email").fill("not an address");
    await form.getByRole("button", { name: "Save billing details" }).click();
    await expect(form.getByText("Enter a valid email address.")).toBeVisible();
    const formErrors = await violations(page);
    if (formErrors.length) found[`${scheme} billing details with errors`] = formErrors;
  }
  const signedOut = await page.context().browser()!.newContext();
  const visitor = await signedOut.newPage();
  await visitor.goto(apex("/sign-in"));
  await visitor.getByLabel("Email").fill(`nobody-${id}@example.test`);
  await visitor.getByLabel("Password").fill("not the password at all");
  await visitor.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(visitor.getByText("Incorrect email or password.")).toBeVisible();
  const refused = await violations(visitor);
  if (refused.length) found["sign-in refused"] = refused;
  await signedOut.close();

  expect(found).toEqual({});
  expect(missing, "messages missing on a page (its withClientMessages namespaces)").toEqual([]);
});

/** The page as it is now (a page, an open dialog, an outcome), analysed in light and then in dark. */
async function checkBothSchemes(page: Page, label: string, found: Record<string, string[]>): Promise<void> {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // The theme provider follows the device's change (no reload, so a dialog stays open).
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(scheme === "dark");
    const list = await violations(page);
    if (list.length) found[`${scheme} ${label}`] = list;
    await snap(page, `console-${scheme}-${label.replace(/[^a-z0-9]+/gi, "-").replace(/-$/, "")}`);
  }
}

test("no axe violations in the operator console, on every page and state its specs visit, light and dark", async ({ browser }) => {
  // Own server: the operator enrols a second factor, which would change the shared server's seeded operator.
  test.setTimeout(600_000);
  const own = await startOwnServer();
  try {
    const admin = `http://admin.localhost:${own.port}`;
    const acmeId = await workspaceIdOf(own.adminUrl, "acme");
    // Acme (a Pro trial, 99.9 %) has a bad first hour this month, so the SLA list has a row.
    const sql = postgres(own.adminUrl, { max: 1, onnotice: () => {} });
    try {
      const monthStart = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1));
      await sql`update tenants set created_at = ${monthStart} where id = ${acmeId}`;
      for (let i = 0; i < 60; i++) {
        await sql`insert into workspace_request_minutes (tenant_id, surface, minute, requests, server_errors, latency_buckets)
          values (${acmeId}, 'api', ${new Date(monthStart.getTime() + i * 60_000)}, 10, 5, '{10,0,0,0,0,0,0,0,0}')
          on conflict (tenant_id, surface, minute) do update set requests = 10, server_errors = 5`;
      }
    } finally {
      await sql.end({ timeout: 5 });
    }

    const found: Record<string, string[]> = {};
    const ops = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signInDemo(ops, own.port, "ops@atrium.test");
    await ops.goto(`${admin}/`);
    await expect(ops.getByRole("heading", { name: "Set up two-factor authentication first" })).toBeVisible();
    await checkBothSchemes(ops, "second factor first", found);
    await ops.emulateMedia({ colorScheme: "light" });
    await enrolSecondFactor(ops, own.port);

    const pages: [string, string, (p: Page) => Promise<void>][] = [
      ["/", "workspace list", (p) => expect(p.getByRole("table", { name: "Workspaces" })).toBeVisible()],
      ["/?q=acme", "search results", (p) => expect(p.locator('[data-workspace="acme"]')).toBeVisible()],
      ["/?q=no-such-workspace-anywhere", "no match", (p) => expect(p.getByRole("heading", { name: "No workspace matches" })).toBeVisible()],
      ["/?after=garbage", "broken filters", (p) => expect(p.getByRole("alert").filter({ hasText: "These filters cannot be used" })).toBeVisible()],
      [`/workspaces/${acmeId}`, "workspace detail", (p) => expect(p.getByRole("heading", { name: "Lifecycle timeline" })).toBeVisible()],
      [`/workspaces/${acmeId}/actions`, "workspace actions", (p) => expect(p.getByRole("button", { name: "Suspend", exact: true })).toBeVisible()],
      ["/workspaces/not-an-id", "workspace not found", (p) => expect(p.getByRole("heading", { name: "Not found" })).toBeVisible()],
      ["/revenue", "revenue", (p) => expect(p.locator(".recharts-wrapper > svg.recharts-surface")).toHaveCount(3)],
      ["/revenue?months=6", "revenue 6 months", (p) => expect(p.locator(".recharts-wrapper > svg.recharts-surface")).toHaveCount(3)],
      ["/insights", "churn and expansion", (p) => expect(p.getByRole("heading", { name: "Churn risk", exact: true })).toBeVisible()],
      ["/sla", "SLA breaches", (p) => expect(p.getByRole("table", { name: /Workspaces below their SLA target/ })).toBeVisible()],
      ["/sla?month=2026-13", "SLA bad month", (p) => expect(p.getByText("Choose a month as YYYY-MM.")).toBeVisible()],
      ["/sla?month=2001-01", "SLA none", (p) => expect(p.getByText("No workspace fell below its target")).toBeVisible()],
      ["/jobs", "background jobs", (p) => expect(p.getByRole("table", { name: "Queues" })).toBeVisible()],
      ["/incidents", "incidents", (p) => expect(p.getByRole("heading", { name: "Incidents", level: 1 })).toBeVisible()],
      [`/workspaces/${acmeId}/support`, "support access", (p) => expect(p.getByText("No support access yet.")).toBeVisible()],
    ];
    for (const [path, label, ready] of pages) {
      await ops.emulateMedia({ colorScheme: "light" });
      await ops.goto(`${admin}${path}`);
      await ready(ops);
      await checkBothSchemes(ops, label, found);
    }

    // At 390 px, as the specs look at them: wide tables scroll in their frames (a frame with no link
    // inside needs its own tab stop).
    await ops.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => ops.evaluate(() => window.innerWidth)).toBe(390);
    for (const [path, label, ready] of pages.filter(([, label]) => ["workspace list", "workspace detail", "workspace actions", "revenue", "churn and expansion", "SLA breaches", "background jobs", "support access"].includes(label))) {
      await ops.emulateMedia({ colorScheme: "light" });
      await ops.goto(`${admin}${path}`);
      await ready(ops);
      await checkBothSchemes(ops, `${label} 390px`, found);
    }
    await ops.setViewportSize({ width: 1280, height: 900 });

    // The actions' reason-and-confirm dialog, then the announced outcome (suspended, then reactivated).
    await ops.goto(`${admin}/workspaces/${acmeId}/actions`);
    await ops.getByRole("button", { name: "Suspend", exact: true }).click();
    const suspend = ops.getByRole("dialog", { name: "Suspend this workspace" });
    await suspend.getByLabel(/Reason/).fill("e2e: accessibility walk");
    await checkBothSchemes(ops, "suspend dialog", found);
    await suspend.getByRole("button", { name: "Suspend" }).click();
    const outcome = ops.getByRole("status", { name: "Outcome of the last action" });
    await expect(outcome).toHaveText("Workspace suspended. Its owners have been told.");
    await checkBothSchemes(ops, "suspended outcome", found);
    await ops.getByRole("button", { name: "Reactivate", exact: true }).click();
    const reactivate = ops.getByRole("dialog", { name: "Reactivate this workspace" });
    await reactivate.getByLabel(/Reason/).fill("e2e: accessibility walk");
    await checkBothSchemes(ops, "reactivate dialog", found);
    await reactivate.getByRole("button", { name: "Reactivate" }).click();
    await expect(outcome).toHaveText(/Workspace reactivated/);
    await checkBothSchemes(ops, "reactivated outcome", found);

    // Support access: the form filled in, the workspace's dashboard with its banner, the ended grant.
    await ops.goto(`${admin}/workspaces/${acmeId}/support`);
    await ops.getByLabel("Reason").fill("e2e: accessibility walk");
    await checkBothSchemes(ops, "support access filled", found);
    await ops.getByRole("button", { name: "Open the dashboard read-only" }).click();
    await expect(ops).toHaveURL(`http://acme.localhost:${own.port}/dashboard`);
    const banner = ops.getByRole("region", { name: "Support access" });
    await expect(banner).toContainText("read-only");
    await checkBothSchemes(ops, "support access dashboard", found);
    await banner.getByRole("button", { name: "End support access" }).click();
    await expect(ops.getByText("Support access ended")).toBeVisible();
    await checkBothSchemes(ops, "support access ended", found);
    await ops.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => ops.evaluate(() => window.innerWidth)).toBe(390);
    await checkBothSchemes(ops, "support access ended 390px", found);

    expect(found).toEqual({});
  } finally {
    await own.dispose();
  }
});
