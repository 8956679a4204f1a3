import { expect, test, type Page } from "@playwright/test";
import { createWorkspace, inWorkspace, signUp, snap, tenantUrl, uniqueId } from "./helpers";

// Issue 16: an owner opens Insights, sees the empty state, presses "Analyse now", watches the run
// go through its progress and reads the results; the right-sizing card's figures are the Usage
// page's. The workspace is given four months of history on Pro (as test/insights.test.ts does):
// 100 units and 1,000 API calls a day, and one busy hour two days ago.

const DAY = 86_400_000;
const HOUR = 3_600_000;

async function fourMonthsOnPro(slug: string): Promise<void> {
  await inWorkspace(slug, async (tx, tenantId) => {
    const now = Date.now();
    await tx`update tenants set plan_id = 'pro', status = 'active', created_at = ${new Date(now - 125 * DAY)} where id = ${tenantId}`;
    await tx`update memberships set created_at = ${new Date(now - 120 * DAY)} where tenant_id = ${tenantId}`;
    // One statement per metric: one hour a day for the last 120 days.
    for (const [metric, quantity] of [["units", 100], ["api_calls", 1000]] as const) {
      await tx`
        insert into usage_rollups (tenant_id, metric, granularity, bucket_start, quantity)
        select ${tenantId}::uuid, ${metric}, 'hour', date_trunc('hour', ${new Date(now)}::timestamptz - d * interval '1 day'), ${quantity}
        from generate_series(1, 120) as d`;
    }
    // The busiest minute of API traffic: 5 requests, far below any plan's rate limit.
    await tx`
      insert into workspace_request_minutes (tenant_id, surface, minute, requests, server_errors, latency_buckets)
      values (${tenantId}::uuid, 'api', date_trunc('minute', ${new Date(now - DAY)}::timestamptz), 5, 0, array[5])`;
    // A busy hour (API calls) two days ago, at an hour that is usually quiet.
    const busy = new Date(Math.floor((now - 2 * DAY) / HOUR) * HOUR + 5 * HOUR);
    await tx`
      insert into usage_rollups (tenant_id, metric, granularity, bucket_start, quantity) values (${tenantId}::uuid, 'api_calls', 'hour', ${busy}, 900)
      on conflict do nothing`;
  });
}

/** Records every state the progress region shows, so a quick run cannot slip past the assertions. */
async function watchProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __insightProgress: string[] }).__insightProgress = seen;
    const record = () => {
      const el = document.querySelector("[data-testid=insight-progress]");
      const bar = el?.querySelector("[role=progressbar]");
      if (el && bar) seen.push(`${el.getAttribute("data-status")}:${bar.getAttribute("aria-valuenow")}`);
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

const numberIn = (text: string | null) => Number((text ?? "").replace(/[^0-9.]/g, ""));

test("insights: empty state, Analyse now with progress, results whose figures match the Usage page", async ({ page }) => {
  test.setTimeout(120_000);
  const id = uniqueId();
  await signUp(page, { name: "Ines Insights", email: `ines-${id}@example.test`, password: "a long enough password" });
  const slug = await createWorkspace(page, `Insights ${id}`);
  await fourMonthsOnPro(slug);

  // No report yet: the Overview has no top insight.
  await page.reload();
  await expect(page.getByTestId("top-insight")).toHaveCount(0);

  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Insights" }).click();
  await expect(page).toHaveURL(tenantUrl(slug, "/dashboard/insights"));
  await expect(page.getByRole("heading", { level: 1, name: "Insights" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "No analysis yet" })).toBeVisible();
  await snap(page, "160-insights-empty");

  await watchProgress(page);
  const analyse = page.getByRole("button", { name: "Analyse now" });
  await analyse.click();
  await expect(page.getByRole("heading", { level: 2, name: "Latest analysis" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Done — the figures below are up to date.")).toBeVisible();
  const seen = await page.evaluate(() => (window as unknown as { __insightProgress: string[] }).__insightProgress);
  expect(seen.length, "the progress bar was shown").toBeGreaterThan(0);
  expect(seen[0]).toMatch(/^(queued|running):\d+$/);
  await expect(page.getByRole("progressbar")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Analyse now" })).toBeEnabled();

  // The sections, in order, with their charts and figures.
  const h2s = await page.getByRole("heading", { level: 2 }).allTextContents();
  expect(h2s).toEqual(["Latest analysis", "Usage, trends and forecasts", "Plan right-sizing", "Members and API keys"]);
  const units = page.getByTestId("insight-metric-units");
  await expect(units.getByRole("img")).toBeVisible();
  await expect(units.getByTestId("trend-units-period")).toContainText("vs");
  await expect(page.getByTestId("forecast-units")).toContainText("100 %");
  const apiCalls = page.getByTestId("insight-metric-api_calls");
  await expect(apiCalls.locator("[data-marked=true]").first()).toBeAttached();

  // Right-sizing: four months at a few percent of Pro — Starter saves $70 a month.
  const downgrade = page.getByTestId("insight-downgrade");
  await expect(downgrade).toContainText("Starter saves $70 a month");
  await expect(downgrade.getByTestId("downgrade-current-price")).toHaveText("$99");
  await expect(downgrade.getByTestId("downgrade-target-price")).toHaveText("$29");
  await expect(downgrade.getByTestId("downgrade-saving")).toHaveText("$70");
  await expect(page.getByTestId("insight-summary")).toHaveCount(0);
  const insightUsed = numberIn(await page.getByTestId("insight-units-used").textContent());
  const insightLimit = numberIn(await page.getByTestId("insight-units-limit").textContent());
  expect(insightUsed).toBeGreaterThan(0);
  await snap(page, "161-insights-results");

  // The same numbers as the Usage page.
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Usage" }).click();
  const usageCard = page.getByTestId("usage-units");
  await expect(usageCard).toBeVisible();
  const title = await usageCard.getByRole("heading").textContent();
  const [usedText, limitText] = (title ?? "").split("/");
  expect(numberIn(usedText ?? "")).toBe(insightUsed);
  expect(numberIn(limitText ?? "")).toBe(insightLimit);

  // The Overview shows the top finding and links to Insights.
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Overview" }).click();
  const top = page.getByTestId("top-insight");
  await expect(top).toContainText("Starter saves $70 a month");
  await snap(page, "162-overview-top-insight");
  await top.getByRole("link", { name: "See the figures in Insights" }).click();
  await expect(page).toHaveURL(tenantUrl(slug, "/dashboard/insights"));

  // 390 px: no horizontal scroll; the button is reachable by keyboard.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId("insight-downgrade")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  await snap(page, "163-insights-390");
  await page.getByRole("button", { name: "Analyse now" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Done — the figures below are up to date.")).toBeVisible({ timeout: 30_000 });
});
