import { expect, test, type Page } from "@playwright/test";
import { apex, createWorkspace, DASHBOARD_PAGES, inWorkspace, signUp, snap, tenantUrl, uniqueId } from "./helpers";

// Issue 17, on a 390 px phone: no dashboard page scrolls sideways, the navigation waits behind a
// Menu button, and the Members and Audit tables stack so a row's actions stay on screen.

/** How far the page reaches past the viewport's right edge (0 when it fits), and what sticks out. */
async function overflow(page: Page): Promise<{ by: number; widest: string[] }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const widest = [...document.querySelectorAll("body *")]
      .filter((el) => (el.getBoundingClientRect().right > width + 1 || el.getBoundingClientRect().left + el.scrollWidth > width + 1) && !el.closest("[data-scrolls-inside], pre, .overflow-x-auto"))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} → ${Math.round(el.getBoundingClientRect().right)}px`);
    return { by: Math.max(0, document.documentElement.scrollWidth - width), widest };
  });
}

/** Controls on screen less than 40 px tall (a sentence's own links and screen-reader-only ones aside). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, [role=tab], [role=menuitem], label:has(input[type=checkbox], input[type=radio])");
    return [...controls].flatMap((el) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      // Visually hidden until focused (the skip link, a styled file input), or not drawn at all.
      if (box.width <= 1 || box.height <= 1 || style.visibility === "hidden" || style.clipPath.startsWith("inset(50%")) return [];
      if (el.matches("input[type=checkbox], input[type=radio]") && el.closest("label")) return []; // its label is the target
      const parent = el.parentElement;
      const inSentence = el.tagName === "A" && style.display === "inline" && parent !== null && (parent.textContent ?? "").trim().length > (el.textContent ?? "").trim().length + 5;
      if (inSentence || box.height >= 40) return [];
      return [`${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}" ${Math.round(box.height)} px`];
    });
  });
}

test("marketing pages fit a 360 px phone, the plan names stay in their columns, and controls are a finger's size", async ({ browser }) => {
  // A touch phone of the narrowest common width (many Android phones are 360 px wide).
  const context = await browser.newContext({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  for (const path of ["/", "/pricing", "/sign-in", "/sign-up", "/de", "/de/pricing"]) {
    await page.goto(apex(path));
    const { by, widest } = await overflow(page);
    expect(by, `${path} is ${by} px too wide: ${widest.join("; ")}`).toBe(0);
  }
  await page.goto(apex("/pricing"));
  // No heading or value runs out of its cell into the next one ("EnterpriseCustom").
  const spilling = await page.getByRole("table").evaluate((table) =>
    [...table.querySelectorAll("th, td")].filter((cell) => cell.scrollWidth > cell.clientWidth + 1).map((cell) => cell.textContent),
  );
  expect(spilling).toEqual([]);
  await page.getByRole("table").scrollIntoViewIfNeeded();
  await snap(page, "mobile-360-pricing-table");
  // Tap targets: the header's buttons, the footer's theme and language, the FAQ rows, the toggles.
  const heights: Record<string, number> = {};
  const measure = async (name: string, locator: ReturnType<typeof page.locator>) => {
    heights[name] = Math.round((await locator.boundingBox())!.height);
  };
  await measure("header sign-up", page.getByRole("navigation").getByRole("link", { name: "Sign up" }));
  await measure("theme radio", page.getByRole("contentinfo").getByRole("radio").first());
  await measure("language", page.getByRole("contentinfo").getByRole("combobox"));
  await measure("FAQ row", page.locator("summary").first());
  await measure("billing period", page.getByRole("radiogroup").first().getByRole("radio").first());
  for (const [name, height] of Object.entries(heights)) expect(height, `${name}: ${JSON.stringify(heights)}`).toBeGreaterThanOrEqual(40);
  await context.close();
});

test("at 390 px no dashboard page scrolls sideways, the menu opens and closes, and member actions are on screen", async ({ page, browser }) => {
  test.setTimeout(180_000);
  // Signed out first: the marketing pages, the pricing comparison included, fit too.
  await page.setViewportSize({ width: 390, height: 844 });
  // German's longer words included (the header's sign-up button once pushed it 34 px wide).
  for (const path of ["/", "/pricing", "/sign-in", "/sign-up", "/de", "/de/pricing", "/de/sign-in", "/de/sign-up"]) {
    await page.goto(apex(path));
    const { by, widest } = await overflow(page);
    expect(by, `${path} is ${by} px too wide: ${widest.join("; ")}`).toBe(0);
  }
  await page.goto(apex("/pricing"));
  await expect(page.getByRole("table")).toBeVisible();
  const table = await page.getByRole("table").boundingBox();
  expect(table!.x + table!.width, "the comparison fits without its own scroll").toBeLessThanOrEqual(390);
  await snap(page, "mobile-390-pricing");
  await page.setViewportSize({ width: 1280, height: 800 });
  const id = uniqueId();
  await signUp(page, { name: "Mo Mobile", email: `mo-${id}@example.test`, password: "a long enough password" });
  // A name and a description with no place to break a line (what an unlucky user types) must wrap.
  const slug = await createWorkspace(page, `Phone${id}`.padEnd(64, "W"));
  // A second member, so the Members table has a row with actions.
  await inWorkspace(slug, async (tx, tenantId) => {
    await tx`update tenants set public_description = ${"D".repeat(500)} where id = ${tenantId}`;
    const [user] = await tx<{ id: string }[]>`insert into users (email, name, password_hash, email_verified_at) values (${`pat-${id}@example.test`}, 'Pat Member', 'not-a-usable-hash', now()) returning id`;
    await tx`insert into memberships (tenant_id, user_id, role) values (${tenantId}, ${user!.id}, 'member')`;
  });
  // A pending invitation and an API key, whose rows have actions too.
  await page.goto(tenantUrl(slug, "/dashboard/members"));
  await page.getByLabel("Email").fill(`ivy-${id}@example.test`);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("cell", { name: `ivy-${id}@example.test` })).toBeVisible();
  await page.goto(tenantUrl(slug, "/dashboard/api-keys"));
  await page.getByLabel("Name").fill("Phone backend");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByRole("cell", { name: "Phone backend" })).toBeVisible();

  await page.setViewportSize({ width: 390, height: 844 });
  // Light, then dark (the system setting, which the theme follows by default): screenshots of both.
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const path of DASHBOARD_PAGES) {
      const response = await page.goto(tenantUrl(slug, path));
      expect(response?.status(), path).toBe(200);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
      const { by, widest } = await overflow(page);
      expect(by, `${path} (${scheme}) is ${by} px too wide: ${widest.join("; ")}`).toBe(0);
      await snap(page, `mobile-390-${scheme}${path.replaceAll("/", "-")}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto(tenantUrl(slug, "/"));
  const publicPage = await overflow(page);
  expect(publicPage.by, `the public page is ${publicPage.by} px too wide: ${publicPage.widest.join("; ")}`).toBe(0);
  const description = await page.getByText("D".repeat(500)).boundingBox();
  expect(description!.x, "the description starts on screen").toBeGreaterThanOrEqual(0);

  // The navigation waits behind the Menu button, beside the workspace switcher.
  await page.goto(tenantUrl(slug, "/dashboard"));
  const nav = page.getByRole("navigation", { name: "Workspace" });
  const menu = page.getByRole("button", { name: "Menu", exact: true });
  await expect(nav).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  const title = await page.getByRole("heading", { level: 1 }).first().boundingBox();
  expect(title!.y, "the page title comes soon after the top bars").toBeLessThan(170);
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav).toBeVisible();
  await snap(page, "mobile-390-menu-open");
  // Escape closes it and gives the focus back to the button.
  await page.keyboard.press("Escape");
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
  // Following a link closes it.
  await menu.click();
  await nav.getByRole("link", { name: "Members" }).click();
  await expect(page).toHaveURL(tenantUrl(slug, "/dashboard/members"));
  await expect(nav).toBeHidden();

  // Members stack: the other member's role and Remove are within the screen.
  const pat = page.getByRole("row", { name: /Pat Member/ });
  for (const control of [pat.getByLabel("Role of Pat Member"), pat.getByRole("button", { name: "Remove" })]) {
    const box = await control.boundingBox();
    expect(box, "the control is laid out").not.toBeNull();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  }
  // So do the pending invitations and the API keys: each row's actions are within the screen.
  const onScreen = async (label: string, control: ReturnType<typeof page.locator>) => {
    const box = await control.boundingBox();
    expect(box, `${label} is laid out`).not.toBeNull();
    expect(box!.x + box!.width, label).toBeLessThanOrEqual(390);
  };
  const ivy = page.getByRole("row", { name: new RegExp(`ivy-${id}`) });
  await onScreen("Resend", ivy.getByRole("button", { name: "Resend" }));
  await onScreen("Revoke invitation", ivy.getByRole("button", { name: "Revoke" }));
  await snap(page, "mobile-390-members-stacked");
  await page.goto(tenantUrl(slug, "/dashboard/api-keys"));
  const key = page.getByRole("row", { name: /Phone backend/ });
  await onScreen("Rotate", key.getByRole("button", { name: "Rotate" }));
  await onScreen("Revoke key", key.getByRole("button", { name: "Revoke" }));
  await snap(page, "mobile-390-api-keys-stacked");

  // On a touch screen the frame's small controls are a finger's size: the bell, the account
  // button and the account menu's items.
  const touch = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, storageState: await page.context().storageState() })).newPage();
  await touch.goto(tenantUrl(slug, "/dashboard"));
  const account = touch.getByRole("button", { name: /Account menu/ });
  for (const [label, control] of [["bell", touch.getByRole("button", { name: /Notifications/ })], ["account", account]] as const) {
    expect((await control.boundingBox())!.height, label).toBeGreaterThanOrEqual(40);
  }
  await account.tap();
  expect((await touch.getByRole("menuitem", { name: "Sign out" }).boundingBox())!.height).toBeGreaterThanOrEqual(40);
  // And on every dashboard page, every control a finger may aim at: links outside a sentence,
  // buttons, fields, and a checkbox or radio with its words.
  const small: Record<string, string[]> = {};
  for (const path of DASHBOARD_PAGES) {
    await touch.goto(tenantUrl(slug, path));
    small[path] = await smallTargets(touch);
  }
  await touch.getByRole("button", { name: /Notifications/ }).tap();
  small.notifications = await smallTargets(touch);
  // The open menu's links, and the workspace switcher's list, which holds the 64-character name
  // without widening the page (it once grew to 708 px and the whole page zoomed out).
  await touch.goto(tenantUrl(slug, "/dashboard"));
  await touch.getByRole("button", { name: "Menu", exact: true }).tap();
  small.menu = await smallTargets(touch);
  await touch.getByRole("button", { name: new RegExp(`^Phone${id}`) }).tap();
  await expect(touch.getByRole("menuitem", { name: /Create workspace/ })).toBeVisible();
  small.switcher = await smallTargets(touch);
  const switcher = await overflow(touch);
  expect(switcher.by, `the open switcher is ${switcher.by} px too wide: ${switcher.widest.join("; ")}`).toBe(0);
  expect(Object.entries(small).filter(([, found]) => found.length)).toEqual([]);
  await touch.context().close();

  // On a desktop the links are always there and there is no Menu button.
  const desktop = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, storageState: await page.context().storageState() })).newPage();
  await desktop.goto(tenantUrl(slug, "/dashboard"));
  await expect(desktop.getByRole("navigation", { name: "Workspace" })).toBeVisible();
  await expect(desktop.getByRole("button", { name: "Menu", exact: true })).toBeHidden();
  await desktop.context().close();
});
