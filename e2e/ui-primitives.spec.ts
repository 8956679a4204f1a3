import { expect, test } from "@playwright/test";
import { openAcmeDashboard, tenantUrl } from "./helpers";

// The dashboard's menus and confirmations are plain elements (a menu button, the native modal
// <dialog>): their keyboard behaviour is checked here, since no library stands behind it.
test("menus and confirmations work from the keyboard and give the focus back", async ({ page }) => {
  await openAcmeDashboard(page);

  // Workspace switcher: arrows skip the current workspace (disabled), wrap, Escape closes.
  const switcher = page.getByRole("button", { name: /switch workspace/ });
  await expect(switcher).toHaveAttribute("aria-expanded", "false");
  // A key pressed before the page has hydrated does nothing: press again until the menu answers.
  await expect(async () => {
    await switcher.focus();
    await page.keyboard.press("ArrowDown");
    await expect(switcher).toHaveAttribute("aria-expanded", "true", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  const menu = page.getByRole("menu");
  await expect(menu.getByRole("menuitem", { name: "Globex Corporation" })).toBeFocused();
  await expect(menu.getByRole("menuitem", { name: /Acme Inc\./ })).toHaveAttribute("aria-disabled", "true");
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: "Create workspace…" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: "Globex Corporation" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toHaveCount(0);
  await expect(switcher).toBeFocused();

  // Account menu: opens on Enter on its first item (the theme choice, radio items in the same
  // arrow order as the actions), a click outside closes it.
  const account = page.getByRole("button", { name: /Account menu/ });
  await account.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitemradio", { name: "System" })).toBeFocused();
  // Light, Dark, then the language (English, Deutsch), then the account's actions.
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitemradio", { name: "Deutsch" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: "Your account" })).toBeFocused();
  await page.keyboard.press("End");
  await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeFocused();
  await page.getByRole("heading", { level: 1 }).click();
  await expect(page.getByRole("menu")).toHaveCount(0);

  // A confirmation: modal, focus inside, Escape cancels and returns to its button, nothing done.
  await page.goto(tenantUrl("acme", "/dashboard/members"));
  const row = page.getByRole("row").filter({ hasText: "mia@acme.test" });
  const remove = row.getByRole("button", { name: "Remove" });
  await remove.click();
  const dialog = page.getByRole("alertdialog", { name: /Remove/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(remove).toBeFocused();
  await remove.click();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("cell", { name: "mia@acme.test" })).toBeVisible();
});

// The dashboard's frame loads no tRPC client: choosing a workspace downloads it for the one call
// and hands the session over to the other workspace's host.
test("the workspace switcher takes you to the workspace you choose", async ({ page }) => {
  await openAcmeDashboard(page);
  const calls: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.startsWith("/api/trpc/")) calls.push(new URL(request.url()).pathname);
  });
  const switcher = page.getByRole("button", { name: /switch workspace/ });
  await expect(async () => {
    await switcher.click();
    await expect(page.getByRole("menu")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  expect(calls).toEqual([]);
  const toast = (text: string) => page.getByRole("listitem").filter({ hasText: "Could not switch workspace" }).filter({ hasText: text });
  // After a release the page's files are gone while the server still answers: only a reload helps.
  await page.route("**/_next/static/chunks/**", (route) => route.fulfill({ status: 404, body: "" }));
  await page.getByRole("menuitem", { name: "Globex Corporation" }).click();
  await expect(toast("This page is out of date. Reload the page and try again.")).toBeVisible();
  // Offline, nothing answers at all: the connection is named instead.
  await page.route("**/api/health/live", (route) => route.abort());
  await switcher.click();
  await page.getByRole("menuitem", { name: "Globex Corporation" }).click();
  await expect(toast("Could not reach the server. Check your connection and try again.")).toBeVisible();
  await page.unrouteAll();
  expect(calls).toEqual([]);
  // A call the network drops says so, and the choice can be made again.
  await page.route("**/api/trpc/**", (route) => route.abort());
  await switcher.click();
  await page.getByRole("menuitem", { name: "Globex Corporation" }).click();
  await expect.poll(() => calls).toEqual(["/api/trpc/tenant.switchTo"]);
  await expect(toast("Could not reach the server. Check your connection and try again.").last()).toBeVisible();
  await expect(page).toHaveURL(tenantUrl("acme", "/dashboard"));
  await page.unrouteAll();
  await switcher.click();
  await page.getByRole("menuitem", { name: "Globex Corporation" }).click();
  await expect(page).toHaveURL(tenantUrl("globex", "/dashboard"));
  await expect(page.getByRole("button", { name: /Globex Corporation/ })).toBeVisible();
  expect(calls).toEqual(["/api/trpc/tenant.switchTo", "/api/trpc/tenant.switchTo"]);
});
