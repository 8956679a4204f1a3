import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { apex, createWorkspace, DASHBOARD_PAGES, signUp, snap, tenantUrl, uniqueId } from "./helpers";

// Issue 17, WCAG 2.2 AA: axe-core on every page a new owner meets, signed out and in, in light
// and dark; any violation fails with what and where.

const SIGNED_OUT = ["/", "/pricing", "/sign-in", "/sign-up", "/forgot-password"];
const SIGNED_IN_APEX = ["/workspaces", "/new", "/account"];

/** The violations on the page as it is now, one line each: rule, impact, where. */
async function violations(page: Page): Promise<string[]> {
  // axe's default rule set: WCAG 2.x A and AA and its best practices (heading order, landmarks, one h1).
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(1, 2).join("").trim() ?? v.help}`));
}

async function check(page: Page, urls: string[], found: Record<string, string[]>): Promise<void> {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const url of urls) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBeLessThan(400);
      await page.waitForLoadState("load");
      const list = await violations(page);
      if (list.length) found[`${scheme} ${url}`] = list;
      // Desktop screenshots of every page in both schemes, for review (mobile.spec.ts takes the 390 px ones).
      await snap(page, `desktop-${scheme}${new URL(url).pathname.replaceAll("/", "-").replace(/-$/, "") || "-root"}${new URL(url).hostname.startsWith("localhost") ? "" : "-workspace"}`);
    }
  }
}

test("no axe violations on the pages a new owner meets, light and dark", async ({ page }) => {
  // About 40 pages, each analysed and photographed in two schemes: over 3 minutes on 2 busy cores.
  test.setTimeout(600_000);
  const found: Record<string, string[]> = {};
  await check(page, SIGNED_OUT.map((p) => apex(p)), found);

  const id = uniqueId();
  await page.emulateMedia({ colorScheme: "light" });
  await signUp(page, { name: "Ally Access", email: `ally-${id}@example.test`, password: "a long enough password" });
  const slug = await createWorkspace(page, `Access ${id}`);
  await check(page, SIGNED_IN_APEX.map((p) => apex(p)), found);
  await check(page, ["/", ...DASHBOARD_PAGES].map((p) => tenantUrl(slug, p)), found);

  // Error states: pages that do not exist, a refused sign-in, a form's field errors, in both schemes.
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const url of [apex("/no-such-page"), tenantUrl(slug, "/dashboard/no-such-page")]) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(404);
      const list = await violations(page);
      if (list.length) found[`${scheme} ${url}`] = list;
    }
    await page.goto(tenantUrl(slug, "/dashboard/billing"));
    const form = page.getByRole("form", { name: "Billing details" });
    await form.getByLabel("Billing email").fill("not an address");
    await form.getByRole("button", { name: "Save billing details" }).click();
    await expect(form.getByText("Enter a valid email address.")).toBeVisible();
    const formErrors = await violations(page);
    if (formErrors.length) found[`${scheme} billing details with errors`] = formErrors;
  }
  const signedOut = await page.context().browser()!.newContext();
  const visitor = await signedOut.newPage();
  await visitor.goto(apex("/sign-in"));
  await visitor.getByLabel("Email").fill(`nobody-${id}@example.test`);
  await visitor.getByLabel("Password").fill("not the password at all");
  await visitor.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(visitor.getByText("Incorrect email or password.")).toBeVisible();
  const refused = await violations(visitor);
  if (refused.length) found["sign-in refused"] = refused;
  await signedOut.close();

  expect(found).toEqual({});
});
