import { expect, test, type Page } from "@playwright/test";
import { apex, createWorkspace, signUp, tenantUrl, uniqueId, watchCsp } from "./helpers";

// Issue 17, dark mode: System (the default, following the device), Light or Dark, chosen in the
// footer, the account page or the account menu, kept in the browser, applied before the first
// paint by a script the CSP admits by its hash (prerendered pages) beside the nonce (the rest).

const theme = (page: Page) => page.evaluate(() => ({ dark: document.documentElement.classList.contains("dark"), background: getComputedStyle(document.body).backgroundColor }));
const DARK_BACKGROUND = "rgb(11, 17, 32)";
const LIGHT_BACKGROUND = "rgb(255, 255, 255)";

test("the theme follows the device until chosen, stays chosen across reloads and pages, and breaks no CSP", async ({ page }) => {
  test.setTimeout(120_000);
  const csp = watchCsp(page);
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(apex("/"));
  expect(await theme(page), "System on a dark device").toEqual({ dark: true, background: DARK_BACKGROUND });
  const footer = page.getByRole("contentinfo").getByRole("radiogroup", { name: "Theme" });
  await expect(footer.getByRole("radio", { name: "System" })).toHaveAttribute("aria-checked", "true");

  // Light on a dark device; kept through a reload (the class is there before React hydrates).
  await footer.getByRole("radio", { name: "Light" }).click();
  await expect(footer.getByRole("radio", { name: "Light" })).toHaveAttribute("aria-checked", "true");
  expect(await theme(page)).toEqual({ dark: false, background: LIGHT_BACKGROUND });
  await page.goto(apex("/pricing"));
  expect(await theme(page)).toEqual({ dark: false, background: LIGHT_BACKGROUND });

  // Keyboard: arrows move the choice to Dark.
  await page.getByRole("contentinfo").getByRole("radio", { name: "Light" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("contentinfo").getByRole("radio", { name: "Dark" })).toHaveAttribute("aria-checked", "true");
  await page.emulateMedia({ colorScheme: "light" });
  // Before any of Next's scripts run (here: never; the styles still load), the inline theme script has painted it dark.
  await page.route("**/_next/static/**/*.js", (route) => route.abort());
  await page.reload();
  expect(await theme(page), "Dark on a light device, before hydration").toEqual({ dark: true, background: DARK_BACKGROUND });
  await page.unroute("**/_next/static/**/*.js");
  await page.reload();
  expect(await theme(page), "and after").toEqual({ dark: true, background: DARK_BACKGROUND });

  // Signed in: the account page offers the same choice; the workspace host keeps its own, chosen in the account menu.
  const id = uniqueId();
  await signUp(page, { name: "Dana Dark", email: `dana-${id}@example.test`, password: "a long enough password" });
  const slug = await createWorkspace(page, `Dusk ${id}`);
  await page.goto(apex("/account"));
  const appearance = page.getByRole("main").getByRole("radiogroup", { name: "Theme" });
  await expect(appearance.getByRole("radio", { name: "Dark" })).toHaveAttribute("aria-checked", "true");
  expect((await theme(page)).dark).toBe(true);

  await page.goto(tenantUrl(slug, "/dashboard"));
  expect((await theme(page)).dark, "a workspace host starts on System (light device)").toBe(false);
  const menuButton = page.getByRole("button", { name: /Account menu for Dana Dark/ });
  await menuButton.click();
  const dark = page.getByRole("menuitemradio", { name: "Dark" });
  await expect(page.getByRole("menuitemradio", { name: "System" })).toHaveAttribute("aria-checked", "true");
  await dark.click();
  await expect(menuButton).toBeFocused();
  expect(await theme(page)).toEqual({ dark: true, background: DARK_BACKGROUND });
  await page.reload();
  expect((await theme(page)).dark).toBe(true);
  await menuButton.click();
  await expect(dark).toHaveAttribute("aria-checked", "true");
  // Back to System by keyboard: End is "Sign out", so walk up from it.
  await page.keyboard.press("Escape");
  await menuButton.press("ArrowDown");
  await page.getByRole("menuitemradio", { name: "System" }).press("Enter");
  expect((await theme(page)).dark, "System on a light device").toBe(false);

  expect(csp, "no script blocked, static pages (hashes) and rendered ones (nonce) alike").toEqual([]);
});

test("a choice reaches the host's other tabs, System follows the device as it changes, and refused storage still switches", async ({ context, page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto(apex("/pricing"));
  const other = await context.newPage();
  await other.emulateMedia({ colorScheme: "light" });
  await other.goto(apex("/"));
  const radio = (p: Page, name: string) => p.getByRole("contentinfo").getByRole("radio", { name });
  await expect(radio(other, "System")).toHaveAttribute("aria-checked", "true");

  // Chosen in one tab, applied in the other without a reload (the storage event).
  await radio(page, "Dark").click();
  await expect.poll(async () => (await theme(other)).dark).toBe(true);
  await expect(radio(other, "Dark")).toHaveAttribute("aria-checked", "true");

  // System follows the device while the page stays open; a fixed choice does not.
  await radio(other, "System").click();
  await expect.poll(async () => (await theme(page)).dark, "the first tab follows back to System").toBe(false);
  await page.emulateMedia({ colorScheme: "dark" });
  await expect.poll(async () => theme(page)).toEqual({ dark: true, background: DARK_BACKGROUND });
  await radio(page, "Light").click();
  expect(await theme(page)).toEqual({ dark: false, background: LIGHT_BACKGROUND });
  await page.emulateMedia({ colorScheme: "light" });
  // The page has seen the device turn dark (and had a frame to react) before it is looked at.
  const seen = page.evaluate(
    () => new Promise<void>((resolve) => matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => requestAnimationFrame(() => requestAnimationFrame(() => resolve())), { once: true })),
  );
  await page.emulateMedia({ colorScheme: "dark" });
  await seen;
  expect((await theme(page)).dark, "Light stays light on a dark device").toBe(false);
  await other.close();

  // Storage refused (a privacy setting): the choice still applies to the page in front of you.
  // (Reading still works here, so the page opens on the Light stored above.)
  const refusing = await context.newPage();
  await refusing.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException("refused", "SecurityError");
    };
  });
  await refusing.emulateMedia({ colorScheme: "light" });
  await refusing.goto(apex("/"));
  await expect(radio(refusing, "Light")).toHaveAttribute("aria-checked", "true");
  await radio(refusing, "Dark").click();
  await expect(radio(refusing, "Dark")).toHaveAttribute("aria-checked", "true");
  expect(await theme(refusing)).toEqual({ dark: true, background: DARK_BACKGROUND });
});
