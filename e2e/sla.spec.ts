import { expect, test } from "@playwright/test";
import { inWorkspace, snap, tenantUrl } from "./helpers";

// Acme (seeded) is on a Pro trial: its plan promises 99.9 %.
test("the SLA page: this month's report with a bad minute, other months, a bad month in the address, CSV, and a phone", async ({ page }) => {
  // One bad minute this month: 10 requests, 5 of them answered 5xx (a past minute, after the seed).
  const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000).toISOString();
  await inWorkspace("acme", (tx, tenantId) =>
    tx`insert into workspace_request_minutes (tenant_id, surface, minute, requests, server_errors, latency_buckets)
       values (${tenantId}::uuid, 'api', ${minute}::timestamptz, 10, 5, '{10,0,0,0,0,0,0,0,0}')
       on conflict (tenant_id, surface, minute) do update set requests = 10, server_errors = 5`,
  );

  await page.goto(tenantUrl("acme", "/sign-in?next=%2Fdashboard%2Fsla"));
  await page.getByLabel("Email").fill("alice@acme.test");
  await page.getByLabel("Password").fill("atrium-demo-1234");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "SLA", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "SLA" })).toBeVisible();
  await expect(page.getByText("Pro: 99.9 % monthly availability")).toBeVisible();
  // (Other specs' traffic on Acme may add minutes of its own: at least this one is bad.)
  await expect(page.getByText(/^[1-9][\d,]* bad of [\d,]+ counted minutes$/)).toBeVisible();
  await expect(page.getByText(/^[\d,]+ server errors in [\d,]+ requests$/)).toBeVisible();
  await expect(page.getByText("below target")).toBeVisible();
  await snap(page, "sla-desktop");

  // Only months since the workspace was made are offered (the seed made it, perhaps before this
  // month began); the month before it, asked for by address, has nothing to report.
  const months = page.getByRole("navigation", { name: "Month" }).getByRole("link");
  const [created] = await inWorkspace("acme", (tx, tenantId) => tx<{ at: Date }[]>`select created_at as at from tenants where id = ${tenantId}::uuid`);
  const now = new Date();
  const since = (now.getUTCFullYear() - created!.at.getUTCFullYear()) * 12 + now.getUTCMonth() - created!.at.getUTCMonth() + 1;
  await expect(months).toHaveCount(Math.min(12, since));
  const before = new Date(Date.UTC(created!.at.getUTCFullYear(), created!.at.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  await expect(page.getByRole("navigation", { name: "Month" }).locator(`a[href="/dashboard/sla?month=${before}"]`)).toHaveCount(0);
  await page.goto(tenantUrl("acme", `/dashboard/sla?month=${before}`));
  await expect(page.getByText("Nothing to report for this month")).toBeVisible();

  // A month the address cannot name: said so, and this month shown instead (never a 500).
  const bad = await page.goto(tenantUrl("acme", "/dashboard/sla?month=2026-13"));
  expect(bad?.status()).toBe(200);
  await expect(page.getByText(/Choose a month as YYYY-MM/)).toBeVisible();

  // (Fetched from the page: Node cannot resolve *.localhost, the browser can.)
  const csv = await page.evaluate(async () => {
    const res = await fetch("/dashboard/sla/export");
    return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
  });
  expect(csv.status).toBe(200);
  expect(csv.type).toContain("text/csv");
  const lines = csv.text.trim().split("\r\n");
  expect(lines[0]).toBe("month,plan,target_percent,availability_percent,bad_minutes,counted_minutes,requests,server_errors,error_rate_percent,p95_ms,p99_ms,incidents,breached,credit_percent,credit_cents");
  expect(lines).toHaveLength(13);
  expect(lines[1]).toMatch(new RegExp(`^${new Date().toISOString().slice(0, 7)},Pro,99.9,`));

  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(390);
  await page.goto(tenantUrl("acme", "/dashboard/sla"));
  await expect(page.getByRole("heading", { name: "SLA", level: 1 })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await snap(page, "sla-390");
});
