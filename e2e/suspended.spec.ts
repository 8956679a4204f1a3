import { expect, test } from "@playwright/test";
import { createWorkspace, inWorkspace, signUp, snap, tenantUrl, uniqueId } from "./helpers";

/** Suspends a workspace as an operator (or the sweep) would: its status changes underneath the app. */
async function suspend(slug: string): Promise<void> {
  await inWorkspace(slug, (tx, tenantId) => tx`update tenants set status = 'suspended' where id = ${tenantId}`);
}

test("a suspended workspace: members are told why and restore it in Billing; strangers learn nothing", async ({ page, browser }) => {
  const id = uniqueId();
  await signUp(page, { name: "Sam Suspended", email: `sam-${id}@example.test`, password: "a long enough password" });
  const slug = await createWorkspace(page, `Paused ${id}`);
  await suspend(slug);

  // The host cache expires quickly in the browser tests (TENANT_CACHE_TTL_MS in playwright.config.ts).
  await expect(async () => {
    await page.goto(tenantUrl(slug, "/dashboard/members"));
    await expect(page.getByRole("heading", { name: `Paused ${id} is suspended` })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  await expect(page.getByRole("button", { name: "Leave workspace" })).toHaveCount(0); // the owner cannot leave
  await snap(page, "27-suspended-member");
  // On a phone the notice and its actions fit without horizontal scrolling.
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, "27b-suspended-member-390px");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 720 });

  // Someone signed in elsewhere, and an anonymous visitor, see the same neutral page.
  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  for (const path of ["/", "/dashboard"]) {
    await strangerPage.goto(tenantUrl(slug, path));
    await expect(strangerPage.getByText("This workspace is not available")).toBeVisible();
    await expect(strangerPage.getByText(/suspended|payment/i)).toHaveCount(0);
  }
  await snap(strangerPage, "28-suspended-stranger");
  await stranger.close();

  // Restore it: Billing stays reachable, the checkout turns it active, and the dashboard is back at once.
  await page.getByRole("link", { name: "Restore access in Billing" }).click();
  await expect(page).toHaveURL(tenantUrl(slug, "/dashboard/billing"));
  await page.getByRole("button", { name: "Choose Starter" }).click();
  await page.getByRole("button", { name: "4242 4242 4242 4242" }).click();
  await page.getByRole("button", { name: /^Pay \$29/ }).click();
  await expect(page.getByText("Payment confirmed")).toBeVisible();
  await page.goto(tenantUrl(slug, "/dashboard/members"));
  await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
  await expect(page.getByText("is suspended")).toHaveCount(0);
});
