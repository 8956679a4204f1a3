import { expect, test, type Page } from "@playwright/test";
import { inWorkspace, snap, tenantUrl, uniqueId } from "./helpers";

/** The times of the rows shown, as the page's <time dateTime> values (newest first). */
async function shownTimes(page: Page): Promise<string[]> {
  return page.getByRole("table").locator("time").evaluateAll((els) => els.map((el) => el.getAttribute("datetime") ?? ""));
}

// Uses the seeded demo workspace (alice owns Acme); the events are this run's own (unique search term).
test("the audit log pages with Older / Newer links that keep the filters in the URL", async ({ page }) => {
  const id = uniqueId();
  // 66 events a minute apart, every tenth of another action: 60 to page through, 25 to a page.
  const times = await inWorkspace("acme", async (tx, tenantId) => {
    await tx`insert into audit_events (tenant_id, action, target, created_at)
             select ${tenantId}::uuid, case when n % 10 = 0 then 'spec.other' else 'spec.paging' end, ${`paging:${id}:`} || n,
                    timestamptz '2025-01-01T00:00:00Z' + make_interval(mins => n)
             from generate_series(1, 66) n`;
    const rows = await tx<{ at: Date }[]>`select created_at as at from audit_events
             where action = 'spec.paging' and target like ${`paging:${id}:%`} order by created_at desc, id desc`;
    return rows.map((r) => r.at.toISOString());
  });
  expect(times).toHaveLength(60);

  await page.goto(tenantUrl("acme", "/sign-in?next=%2Fdashboard%2Faudit"));
  await page.getByLabel("Email").fill("alice@acme.test");
  await page.getByLabel("Password").fill("atrium-demo-1234");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();

  await page.getByLabel("Search").fill(id);
  await page.getByLabel("Action").selectOption("spec.paging");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("60 events")).toBeVisible();
  expect(await shownTimes(page)).toEqual(times.slice(0, 25));
  await expect(page.getByRole("link", { name: "Newer" })).toHaveCount(0);

  await page.getByRole("link", { name: "Older" }).click();
  await expect(page).toHaveURL(/action=spec\.paging/);
  await expect(page).toHaveURL(new RegExp(`q=${id}`));
  await expect(page).toHaveURL(/before=/);
  // The search's count travels with the link, signed (the older page does not walk the log to count again).
  await expect(page).toHaveURL(/[?&]n=60\.[\w-]{22}(&|$)/);
  await expect(page.getByText("60 events")).toBeVisible();
  // A count the link was not given by the page (a crafted `n`) is not shown: the page counts again.
  const crafted = new URL(page.url());
  crafted.searchParams.set("n", `1.${"A".repeat(22)}`);
  await page.goto(crafted.toString());
  await expect(page.getByText("60 events")).toBeVisible();
  await expect(page.getByLabel("Action")).toHaveValue("spec.paging");
  expect(await shownTimes(page)).toEqual(times.slice(25, 50));
  await snap(page, "24-audit-older");

  await page.getByRole("link", { name: "Older" }).click();
  await expect.poll(() => shownTimes(page)).toEqual(times.slice(50));
  await expect(page.getByRole("link", { name: "Older" })).toHaveCount(0);

  await page.getByRole("link", { name: "Newer" }).click();
  await expect(page).toHaveURL(/after=/);
  await expect.poll(() => shownTimes(page)).toEqual(times.slice(25, 50));
  await page.getByRole("link", { name: "Newer" }).click();
  await expect.poll(() => shownTimes(page)).toEqual(times.slice(0, 25));
  await expect(page.getByRole("link", { name: "Newer" })).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`q=${id}`));

  // A mangled page link shows the newest events, with a notice, not an error page.
  await page.goto(tenantUrl("acme", `/dashboard/audit?action=spec.paging&q=${id}&before=not-a-cursor`));
  await expect(page.getByText("That page link is not valid. Showing the newest events.")).toBeVisible();
  expect(await shownTimes(page)).toEqual(times.slice(0, 25));
});

test("filters that cannot apply say why and keep what was typed", async ({ page }) => {
  await page.goto(tenantUrl("acme", `/sign-in?next=${encodeURIComponent("/dashboard/audit?q=renamed%20widget&from=2026-11-05&to=2026-11-01")}`));
  await page.getByLabel("Email").fill("alice@acme.test");
  await page.getByLabel("Password").fill("atrium-demo-1234");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("The From date is after the To date. The filters were ignored.")).toBeVisible();
  await expect(page.getByLabel("Search")).toHaveValue("renamed widget");
  await expect(page.getByLabel("From")).toHaveValue("2026-11-05");
  await expect(page.getByLabel("To", { exact: true })).toHaveValue("2026-11-01");
});

test("a member without the audit log's permission sees its heading and why, not a bare notice", async ({ page }) => {
  await page.goto(tenantUrl("acme", "/sign-in?next=%2Fdashboard%2Faudit"));
  await page.getByLabel("Email").fill("mia@acme.test");
  await page.getByLabel("Password").fill("atrium-demo-1234");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await expect(page.getByText("No access")).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
});

test("a HEAD request for the CSV export answers its headers without exporting, and GETs still download", async ({ page }) => {
  const id = uniqueId();
  const action = "spec.head_export";
  // More rows than one batch of the stream (1,000): a download that is never read holds its place.
  await inWorkspace("acme", (tx, tenantId) => tx`insert into audit_events (tenant_id, action, target) select ${tenantId}::uuid, ${action}, ${`head:${id}:`} || n from generate_series(1, 2100) n`);

  await page.goto(tenantUrl("acme", "/sign-in?next=%2Fdashboard%2Faudit"));
  await page.getByLabel("Email").fill("alice@acme.test");
  await page.getByLabel("Password").fill("atrium-demo-1234");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();

  const url = `/dashboard/audit/export?action=${action}&q=${id}`;
  // Download managers ask with HEAD first; three of them used to take both of the workspace's places.
  const heads = await page.evaluate(async (u) => {
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(u, { method: "HEAD" });
      answers.push({ status: res.status, type: res.headers.get("content-type"), disposition: res.headers.get("content-disposition"), body: (await res.text()).length });
    }
    return answers;
  }, url);
  for (const head of heads) {
    expect(head).toMatchObject({ status: 200, type: "text/csv; charset=utf-8", body: 0 });
    expect(head.disposition).toMatch(/^attachment; filename="audit-acme-\d{4}-\d{2}-\d{2}\.csv"$/);
  }
  const get = await page.evaluate(async (u) => {
    const res = await fetch(u);
    return { status: res.status, lines: (await res.text()).trimEnd().split("\r\n").length };
  }, url);
  expect(get).toEqual({ status: 200, lines: 2101 });
  // Only the download that happened is in the log.
  const recorded = await inWorkspace("acme", (tx) => tx<{ n: number }[]>`select count(*)::int as n from audit_events where action = 'audit.exported' and metadata->'filters'->>'q' = ${id}`);
  expect(recorded[0]!.n).toBe(1);
  // A HEAD from someone who may not export is refused as a GET would be.
  const stranger = await page.evaluate(async (u) => (await fetch(u, { method: "HEAD", credentials: "omit" })).status, url);
  expect(stranger).toBe(404);
});
