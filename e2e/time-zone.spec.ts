import { expect, test, type Page } from "@playwright/test";
import { apex, createWorkspace, signUp, snap, tenantUrl, uniqueId } from "./helpers";

// Issue 17: a person's time zone comes from the browser at sign-up, can be changed on the account
// page, and is what the audit log and Overview's recent activity show times in.

test.use({ timezoneId: "Asia/Kolkata" });

/** The first audit row's time as shown, and as its <time> element's instant reads in `zone`. */
async function firstAuditTime(page: Page, zone: string): Promise<{ shown: string; expected: string }> {
  const time = page.getByRole("main").locator("table time").first();
  const iso = await time.getAttribute("datetime");
  const expected = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium", timeZone: zone }).format(new Date(iso!));
  return { shown: (await time.textContent())!, expected };
}

test("times follow the person's time zone: the browser's at sign-up, then the one chosen", async ({ page }) => {
  const id = uniqueId();
  await signUp(page, { name: "Zed Zone", email: `zed-${id}@example.test`, password: "a long enough password" });
  const slug = await createWorkspace(page, `Zones ${id}`);

  await page.goto(tenantUrl(slug, "/dashboard/audit"));
  // ICU names the zone Asia/Calcutta (its canonical name); newer ICU says Asia/Kolkata.
  await expect(page.getByText(/Times are in Asia\/(Kolkata|Calcutta) \(UTC\+05:30\)/)).toBeVisible();
  const kolkata = await firstAuditTime(page, "Asia/Kolkata");
  expect(kolkata.shown).toBe(kolkata.expected);

  // Changed on the account page (the audit log's "change" link goes there).
  await page.goto(apex("/account#preferences"));
  const zone = page.getByLabel("Time zone");
  await expect(zone).toHaveValue(/^Asia\/(Kolkata|Calcutta)$/);
  const save = page.getByRole("button", { name: "Save time zone" });
  await expect(save).toBeDisabled();
  await zone.selectOption("America/New_York");
  await expect(page.getByText(/This browser is in Asia\/(Kolkata|Calcutta)\./)).toBeVisible();
  await save.click();
  await expect(page.getByText("Time zone saved")).toBeVisible();
  await snap(page, "account-preferences");
  await page.reload();
  await expect(zone).toHaveValue("America/New_York");
  // "Use it" puts the browser's zone back in the field, unsaved until Save.
  await page.getByRole("button", { name: "Use it" }).click();
  await expect(zone).toHaveValue(/^Asia\/(Kolkata|Calcutta)$/);
  await expect(save).toBeEnabled();

  await page.goto(tenantUrl(slug, "/dashboard/audit"));
  await expect(page.getByText(/Times are in America\/New_York \(UTC-0[45]:00\)/)).toBeVisible();
  const newYork = await firstAuditTime(page, "America/New_York");
  expect(newYork.shown).toBe(newYork.expected);
  expect(newYork.shown).not.toBe(kolkata.shown);

  // Overview's recent activity: the same zone, with no "UTC" after the time.
  await page.goto(tenantUrl(slug, "/dashboard"));
  const recent = page.getByTestId("recent-activity").locator("time").first();
  const iso = await recent.getAttribute("datetime");
  await expect(recent).toHaveText(new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "America/New_York" }).format(new Date(iso!)));
});
