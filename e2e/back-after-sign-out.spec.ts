import { expect, test } from "@playwright/test";
import { apex, createWorkspace, signUp, tenantUrl, uniqueId } from "./helpers";

// Chrome may keep even a `no-store` page in its back/forward cache (when it made no network
// request of its own before it was left, and that host's cookies did not change), and signing
// out on the apex leaves a workspace host's cookie alone. A signed-in page brought back that way
// must not show what it showed (a shared computer: the next person presses Back). Whether Chrome
// keeps a page depends on timing, so the test brings the page back the way the browser announces
// it, with a `pageshow` event marked persisted.
test("a workspace page restored after its person signed out is not shown again: it reloads into sign-in", async ({ page, context }) => {
  test.setTimeout(120_000);
  const id = uniqueId();
  const email = `bf-${id}@example.test`;
  await signUp(page, { name: "Bea Back", email, password: "a long enough password" });
  const slug = await createWorkspace(page, `Back ${id}`);
  const members = tenantUrl(slug, "/dashboard/members");
  await page.goto(members);
  await expect(page.getByRole("cell", { name: email })).toBeVisible();
  // Returns whether the page was hidden the moment it came back (before any answer arrived).
  const restore = () =>
    page.evaluate(() => {
      window.dispatchEvent(new PageTransitionEvent("pageshow", { persisted: true }));
      return document.documentElement.style.visibility === "hidden";
    });

  // Still signed in: shown again as it was, after the check. (The page listens for the event once
  // it has hydrated, which under load can be after its table shows; a real restore only ever
  // brings back a page that had finished loading. Until then the event does nothing.)
  const checked = page.waitForResponse((r) => r.url().endsWith("/api/session"));
  await expect.poll(restore, { timeout: 15_000 }).toBe(true);
  expect(await (await checked).json()).toEqual({ signedIn: true, email });
  await expect(page.locator("html")).not.toHaveAttribute("style", /visibility/);
  await expect(page.getByRole("cell", { name: email })).toBeVisible();
  expect(page.url()).toBe(members);

  // Signed out on the apex (another tab), then the page comes back: hidden at once, then loaded
  // again, and the server sends it to sign-in.
  const apexTab = await context.newPage();
  await apexTab.goto(apex("/workspaces"));
  await apexTab.getByRole("button", { name: "Sign out" }).click();
  await expect(apexTab).toHaveURL(/signedOut=1/);
  expect(await restore()).toBe(true);
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("cell", { name: email })).toHaveCount(0);
});
