import { expect, test } from "@playwright/test";
import { createWorkspace, inWorkspace, signUp, snap, tenantUrl, uniqueId } from "./helpers";

// Issue 17: the Overview is useful — what needs attention, a sparkline per metric, the newest
// audit events — and tells the setup's progress once.

test("the Overview shows what needs attention, this period's usage by day and recent activity", async ({ page }) => {
  const id = uniqueId();
  await signUp(page, { name: "Olive Overview", email: `olive-${id}@example.test`, password: "a long enough password" });
  const slug = await createWorkspace(page, `Overview ${id}`);

  // A fresh trial: nothing needs attention, the setup card tells the progress, activity lists the creation.
  await expect(page.getByTestId("attention")).toHaveCount(0);
  await expect(page.getByTestId("setup-card")).toContainText("Next: Add your brand colour and description");
  await expect(page.getByTestId("recent-activity")).toContainText(`Created the workspace “Overview ${id}”`);

  // Two days of trial left, 85 % of the units limit used, and three days of usage.
  await inWorkspace(slug, async (tx, tenantId) => {
    // Created ten days ago (the usage period starts then), two days of trial left.
    await tx`update tenants set created_at = now() - interval '10 days', trial_ends_at = now() + interval '2 days' - interval '1 minute' where id = ${tenantId}`;
    for (const [daysAgo, units] of [[2, 30_000], [1, 25_000], [0, 30_000]] as const) {
      for (const granularity of ["hour", "day"]) {
        await tx`
          insert into usage_rollups (tenant_id, metric, granularity, bucket_start, quantity)
          values (${tenantId}, 'units', ${granularity}, date_trunc(${granularity}, now() - ${`${daysAgo} days`}::interval, 'UTC'), ${units})
          on conflict do nothing`;
      }
    }
  });
  await expect(async () => {
    // The usage snapshot (and with it the period, which the new creation date moved) is cached for 2 s.
    await page.reload();
    await expect(page.getByTestId("attention")).toContainText("The trial ends in 2 days", { timeout: 1_000 });
    await expect(page.getByTestId("attention")).toContainText("Usage units: 85 % of the limit", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByTestId("overview-units").getByRole("img")).toHaveAttribute("aria-label", /Usage units, daily this period: \d+ days/);
  // Said once: the dashboard-wide banners that carry the same news stay off the Overview…
  await expect(page.getByText(/Your trial ends in 2 days/)).toHaveCount(0);
  await expect(page.getByText(/This period — Usage units/)).toHaveCount(0);
  await snap(page, "overview-attention");
  // …and are on every other page, including after moving there without a page load.
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Members" }).click();
  await expect(page.getByText(/Your trial ends in 2 days/)).toBeVisible();
  await expect(page.getByText(/This period — Usage units: 85% of/)).toBeVisible();
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Overview" }).click();
  await expect(page.getByTestId("attention")).toBeVisible();
  await expect(page.getByText(/Your trial ends in 2 days/)).toHaveCount(0);

  // Dismissing the setup leaves one account of it: none.
  await page.getByTestId("setup-card").getByRole("button", { name: "Dismiss" }).click();
  await expect(page.getByTestId("setup-card")).toHaveCount(0);
  await page.goto(tenantUrl(slug, "/dashboard"));
  await expect(page.getByTestId("setup-card")).toHaveCount(0);
});
