import { expect, test, type Page, type Response } from "@playwright/test";
import { apex, tenantUrl, watchCsp } from "./helpers";

// The marketing pages are prerendered at build: cacheable, and allowed into the back/forward
// cache. Their scripts cannot carry a per-request nonce, so proxy.ts sends the hashes of their
// inline scripts; these tests prove the scripts run under that policy (the session request and
// client interactions), without a violation.

const MARKETING = ["/", "/pricing", "/sign-in", "/sign-up"];

function scriptSources(response: Response): string[] {
  const csp = response.headers()["content-security-policy"] ?? "";
  return /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1]?.split(/\s+/) ?? [];
}

/** Opens a marketing page and waits for its client code to ask who is signed in (hydration ran). */
async function openMarketing(page: Page, path: string): Promise<Response> {
  const asked = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/session");
  const response = await page.goto(apex(path));
  expect((await asked).status(), path).toBe(200);
  return response!;
}

async function signInAsAlice(page: Page, path = "/sign-in"): Promise<void> {
  await openMarketing(page, path);
  await page.getByLabel("Email").fill("alice@acme.test");
  await page.getByLabel("Password").fill("atrium-demo-1234");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("marketing pages are cacheable and run their scripts under a hash policy, without a CSP violation", async ({ page }) => {
  const violations = watchCsp(page);
  for (const path of MARKETING) {
    const response = await openMarketing(page, path);
    expect(response.status(), path).toBe(200);
    const cacheControl = response.headers()["cache-control"] ?? "";
    expect(cacheControl, path).not.toMatch(/no-store|private/);
    const sources = scriptSources(response);
    expect(sources[0], path).toBe("'self'");
    expect(sources.length, path).toBeGreaterThan(1);
    expect(sources.slice(1).every((s) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(s)), `${path}: ${sources.join(" ")}`).toBe(true);
    // The document's inline scripts are exactly what the hashes allow: without them nothing runs.
    expect(await page.evaluate(() => [...document.scripts].filter((s) => !s.src).length), path).toBeGreaterThan(0);
    expect(await page.locator("script[nonce]").count(), path).toBe(0);
  }

  // Client interactions: the plan interval toggle, soft navigation, the query read on the client.
  await openMarketing(page, "/pricing");
  await expect(page.getByText(/^\$99\/month$/).first()).toBeVisible();
  await page.getByRole("radio", { name: /Yearly/ }).click();
  await expect(page.getByText(/^\$990\/year$/).first()).toBeVisible();
  await page.getByRole("link", { name: "Atrium" }).click();
  await expect(page.getByRole("heading", { name: "The customer portal your SaaS deserves" })).toBeVisible();
  await openMarketing(page, "/sign-in?signedOut=1");
  await expect(page.getByText("You have been signed out.")).toBeVisible();
  await openMarketing(page, "/?accountDeleted=1");
  await expect(page.getByText("Your account has been deleted")).toBeVisible();
  // `next` comes from the query, read on the client, and the server action honours it.
  await signInAsAlice(page, "/sign-in?next=/account");
  await expect(page).toHaveURL(apex("/account"));
  expect(violations).toEqual([]);
});

test("signed in: the header and pricing learn it on the client, sign-in and sign-up send you on; dashboards stay private, no-store", async ({ page }) => {
  await signInAsAlice(page, "/sign-in?next=/workspaces");
  await expect(page).toHaveURL(apex("/workspaces"));

  await openMarketing(page, "/");
  const header = page.getByRole("navigation", { name: "Main" });
  await expect(header.getByRole("link", { name: "Your workspaces" })).toBeVisible();
  await expect(header.getByRole("link", { name: "Sign in", exact: true })).toHaveCount(0);
  await openMarketing(page, "/pricing");
  await expect(page.getByRole("button", { name: "Choose Pro" })).toBeVisible();
  await page.goto(apex("/sign-in?next=/account"));
  await expect(page).toHaveURL(apex("/account"));
  await page.goto(apex("/sign-up"));
  await expect(page).toHaveURL(apex("/new"));

  // Pages rendered per request keep their headers: the session-dependent apex pages and the
  // workspace dashboard.
  const workspaces = await page.goto(apex("/workspaces"));
  expect(workspaces!.headers()["cache-control"]).toContain("no-store");
  await page.getByRole("button", { name: "Open Acme Inc." }).click();
  await expect(page).toHaveURL(tenantUrl("acme", "/dashboard"));
  for (const path of ["/dashboard", "/dashboard/members"]) {
    const response = await page.goto(tenantUrl("acme", path));
    expect(response!.status(), path).toBe(200);
    expect(response!.headers()["cache-control"], path).toMatch(/private.*no-store|no-store.*private/);
    expect(response!.headers()["content-security-policy"], path).toMatch(/'nonce-[^']+' 'sha256-[^']+' 'strict-dynamic'/);
  }
  // The tenant sign-in page is rendered per request too (it is not the apex's prerendered one).
  const tenantSignIn = await page.goto(tenantUrl("acme", "/sign-in"));
  expect(tenantSignIn!.headers()["content-security-policy"]).toContain("'nonce-");
});

test("marketing pages go into the back/forward cache; a no-store page does not", async ({ playwright }, testInfo) => {
  // Playwright turns the cache off by default; this browser keeps it.
  const launchOptions = testInfo.project.use.launchOptions ?? {};
  const browser = await playwright.chromium.launch({ ...launchOptions, ignoreDefaultArgs: ["--disable-back-forward-cache"] });
  try {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      window.addEventListener("pageshow", (event) => {
        if (event.persisted) (window as unknown as { restored?: boolean }).restored = true;
      });
    });
    const restoredAfterBack = async (from: string) => {
      await page.goto(apex(from), { waitUntil: "networkidle" });
      await page.goto(apex("/pricing"));
      await page.goBack({ waitUntil: "commit" });
      await expect(page).toHaveURL(apex(from));
      // (A page restored from the cache fires no load events: wait on the document instead.)
      await expect.poll(() => page.evaluate(() => document.readyState)).toBe("complete");
      return page.evaluate(() => (window as unknown as { restored?: boolean }).restored === true);
    };
    expect(await restoredAfterBack("/")).toBe(true);
    expect(await restoredAfterBack("/sign-in")).toBe(true);
    // A page sent with `no-store` (an unknown path, rendered per request) is loaded again instead.
    expect(await restoredAfterBack("/no-such-page")).toBe(false);
  } finally {
    await browser.close();
  }
});
