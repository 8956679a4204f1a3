import { createHash } from "node:crypto";
import { THEME_SCRIPT } from "../lib/theme";
import { expect, test } from "@playwright/test";
import { apex, createWorkspace, inWorkspace, signUp, tenantUrl, uniqueId, watchCsp } from "./helpers";

/** The client IP recorded with a workspace's creation (audit log, read through RLS as the app). */
async function creationIp(slug: string): Promise<string | null> {
  return inWorkspace(slug, async (tx) => {
    const [event] = await tx<{ ip: string | null }[]>`select ip from audit_events where action = 'tenant.created'`;
    return event?.ip ?? null;
  });
}

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#7c2d12"/></svg>`;

// The prerendered marketing pages carry a hash policy instead: e2e/static-pages.spec.ts.
test("pages rendered per request (new workspace, onboarding, the dashboard) run under the nonce CSP without a violation", async ({ page }) => {
  const violations = watchCsp(page);
  const id = uniqueId();
  await signUp(page, { name: "Csp Tester", email: `csp-${id}@example.test`, password: "a long test password" });
  const created = await page.reload();
  const csp = created!.headers()["content-security-policy"] ?? "";
  // The nonce, and the theme script's hash (lib/theme.ts: a constant, the same on every page).
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'sha256-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(created!.headers()["cross-origin-opener-policy"]).toBe("same-origin");
  expect(created!.headers()["permissions-policy"]).toContain("camera=()");
  // Next.js stamped every script of this response with its nonce. (The HTML as sent: scripts the
  // runtime adds later, such as prefetched chunks, need none under 'strict-dynamic'.)
  // One exception: the theme script, admitted by its hash (lib/theme.ts).
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
  const scripts = [...(await created!.text()).matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map(([, attributes, body]) => ({ attributes: attributes!, body: body! }));
  expect(scripts.length).toBeGreaterThan(0);
  const unstamped = scripts.filter((s) => !s.attributes.includes(`nonce="${nonce}"`));
  expect(unstamped.filter((s) => s.body !== THEME_SCRIPT)).toEqual([]);
  expect(unstamped.filter((s) => s.body === THEME_SCRIPT)).toHaveLength(1);
  expect(csp).toContain(`'sha256-${createHash("sha256").update(THEME_SCRIPT).digest("base64")}'`);
  const slug = await createWorkspace(page, `Csp ${id}`, { stayInSetup: true });
  await expect(page).toHaveURL(tenantUrl(slug, "/dashboard/onboarding"));
  // Onboarding: details, then branding with a logo upload (preview, toast) and a colour.
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("heading", { name: "Branding", exact: true })).toBeVisible();
  await page.locator("#logo-file").setInputFiles({ name: "logo.svg", mimeType: "image/svg+xml", buffer: Buffer.from(LOGO) });
  await expect(page.getByText("Logo updated").first()).toBeVisible();
  await page.getByLabel("Brand colour").fill("#7c2d12");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("heading", { name: "Invite your team" })).toBeVisible();
  await page.getByRole("link", { name: /Finish later/ }).click();
  await expect(page).toHaveURL(tenantUrl(slug, "/dashboard"));
  await page.goto(tenantUrl(slug, "/dashboard/members"));
  await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
  expect(violations).toEqual([]);
  // The logo keeps its own policy: sandboxed, never the page policy.
  const logo = await page.goto(tenantUrl(slug, "/brand/logo"));
  expect(logo!.headers()["content-security-policy"]).toContain("sandbox");
  expect(logo!.headers()["content-security-policy"]).not.toContain("nonce");
});

test("the policy blocks a script injected into the page (as an XSS would), and the watcher above sees it", async ({ page }) => {
  const violations = watchCsp(page);
  await page.route(apex("/pricing"), async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace("</body>", "<script>window.__injected = 1</script></body>");
    await route.fulfill({ response, body });
  });
  await page.goto(apex("/pricing"));
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
});

test("X-Forwarded-For from the client does not bypass the per-account-and-IP sign-in limit", async ({ page }) => {
  const email = `nobody-${uniqueId()}@example.test`;
  await page.goto(apex("/sign-in"));
  for (let i = 0; i < 6; i++) {
    // Each attempt claims another address; with TRUST_PROXY=false the socket's address counts.
    await page.setExtraHTTPHeaders({ "x-forwarded-for": `198.51.100.${i + 1}` });
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("wrong password 123");
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sign-in"),
      page.getByRole("button", { name: "Sign in", exact: true }).click(),
    ]);
  }
  await expect(page.getByText(/Too many failed sign-in attempts/)).toBeVisible();

  // Audit IPs come from the socket too, whatever the client claims.
  await page.setExtraHTTPHeaders({ "x-forwarded-for": "198.51.100.77" });
  const id = uniqueId();
  await signUp(page, { name: "Ip Tester", email: `ip-${id}@example.test`, password: "a long test password" });
  const slug = await createWorkspace(page, `Ip ${id}`);
  expect(["127.0.0.1", "::1"]).toContain(await creationIp(slug));
});

test("next start answers TRACE with 405 and malformed percent-encoding with 400 on the apex, a workspace and /api", async ({ page, request }) => {
  const trace = await request.fetch(apex("/"), { method: "TRACE" });
  expect(trace.status()).toBe(405);
  expect(trace.headers()["allow"]).toContain("GET");
  for (const path of ["/api/v1/entitlements/%ZZ", "/api/trpc/%E0%A4%A", "/%", "/dashboard/%E0%A4%A"]) {
    expect((await request.get(apex(path))).status(), path).toBe(400);
  }
  // Workspace hosts resolve only in the browser (see README): drive them through the page.
  for (const path of ["/dashboard/%E0%A4%A", "/%C0%AF", "/api/v1/entitlements/%ZZ"]) {
    const res = await page.goto(tenantUrl("acme", path));
    expect(res!.status(), path).toBe(400);
  }
});
