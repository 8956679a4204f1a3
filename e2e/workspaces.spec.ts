import { expect, test } from "@playwright/test";
import { apex, signUp, snap, tenantUrl, uniqueId } from "./helpers";

// Uses the demo data the launcher seeds: alice owns Acme and is a member of Globex.
test("sign in on the apex, open a workspace, switch to another through the hand-off", async ({ page, browser }) => {
  const handoffs: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/auth/handoff?")) handoffs.push(request.url());
  });
  // The list, asked for (with no `next`, sign-in lands in the workspace used last).
  await page.goto(apex("/sign-in?next=/workspaces"));
  await page.getByLabel("Email").fill("alice@acme.test");
  await page.getByLabel("Password").fill("atrium-demo-1234");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(apex("/workspaces"));
  await expect(page.getByText("Acme Inc.")).toBeVisible();
  await expect(page.getByText("Globex Corporation")).toBeVisible();
  await snap(page, "10-workspaces");

  await page.getByRole("button", { name: "Open Acme Inc." }).click();
  await expect(page).toHaveURL(tenantUrl("acme", "/dashboard"));
  await expect(page.getByRole("heading", { level: 1, name: "Acme Inc." })).toBeVisible();

  await page.getByRole("button", { name: /switch workspace/ }).click();
  await page.getByRole("menuitem", { name: "Globex Corporation" }).click();
  await expect(page).toHaveURL(tenantUrl("globex", "/dashboard"));
  await expect(page.getByRole("heading", { level: 1, name: "Globex Corporation" })).toBeVisible();
  await expect(page.getByText("Your role: Member.")).toBeVisible();
  // A member has no settings or audit log in the sidebar.
  await expect(page.getByRole("link", { name: "Settings" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await snap(page, "11-switched-workspace");

  // A used hand-off link signs nobody in when replayed elsewhere.
  expect(handoffs.length).toBe(2);
  const other = await browser.newContext();
  const replay = await other.newPage();
  await replay.goto(handoffs[1]!);
  await expect(replay).toHaveURL(tenantUrl("globex", "/sign-in?error=handoff&next=%2Fdashboard"));
  await expect(replay.getByText("That sign-in link has expired or was already used.")).toBeVisible();
  await other.close();

  // A session cookie copied to another host signs nobody in there: sessions are bound to their host.
  const stolen = (await page.context().cookies(tenantUrl("globex", "/"))).filter((c) => c.name.includes("session-token"));
  expect(stolen.length).toBeGreaterThan(0);
  const thief = await browser.newContext();
  await thief.addCookies(stolen.map(({ name, value }) => ({ name, value, url: tenantUrl("acme", "/") })));
  const acme = await thief.newPage();
  await acme.goto(tenantUrl("acme", "/dashboard"));
  await expect(acme).toHaveURL(tenantUrl("acme", "/sign-in?next=%2Fdashboard"));
  await thief.close();
});

test("operators reach the operator console (after setting up two-factor); others get not-found there", async ({ page }) => {
  // Signed out: the console sends everyone to the apex sign-in (it cannot tell operators apart yet).
  await page.goto(`http://admin.${new URL(apex()).host}/`);
  await expect(page).toHaveURL((url) => url.href.startsWith(apex("/sign-in?next=")));
  await page.goto(apex("/sign-in"));
  await page.getByLabel("Email").fill("ops@atrium.test");
  await page.getByLabel("Password").fill("atrium-demo-1234");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("button", { name: "Operator console" }).click();
  // Operator accounts always need a second factor (the full path: e2e/two-factor.spec.ts).
  await expect(page).toHaveURL(apex("/account#two-factor"));
  await expect(page.getByText("Platform operator accounts require two-factor authentication")).toBeVisible();
  await snap(page, "12-operator-console-needs-two-factor");
});

test("sign-in returns to the page that was asked for, and never to another site", async ({ page }) => {
  await page.goto(tenantUrl("acme", "/dashboard/audit?page=1"));
  await expect(page).toHaveURL(tenantUrl("acme", "/sign-in?next=%2Fdashboard%2Faudit%3Fpage%3D1"));
  await page.getByLabel("Email").fill("alice@acme.test");
  await page.getByLabel("Password").fill("atrium-demo-1234");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(tenantUrl("acme", "/dashboard/audit?page=1"));
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();

  // Already signed in: hostile `next` values stay on this site.
  for (const next of ["/%5Cevil.example", "//evil.example", "/%09/evil.example"]) {
    await page.goto(tenantUrl("acme", `/sign-in?next=${next}`));
    expect(new URL(page.url()).hostname).toBe(`acme.${new URL(apex()).hostname}`);
  }
});

test("a double click on Create workspace creates one workspace and asks once", async ({ page }) => {
  const id = uniqueId();
  await signUp(page, { name: "Dee Doubleclick", email: `dee-${id}@example.test`, password: "a long e2e password" });
  const calls: string[] = [];
  page.on("request", (request) => {
    const procedures = /\/api\/trpc\/([^?]+)/.exec(request.url())?.[1];
    if (procedures) calls.push(...decodeURIComponent(procedures).split(",").filter((p) => p === "tenant.create"));
  });
  await page.getByLabel("Workspace name").fill(`Double ${id}`);
  await expect(page.getByText("Available")).toBeVisible();
  const slug = await page.getByLabel("Address").inputValue();
  await page.getByRole("button", { name: "Create workspace" }).dblclick();
  await expect(page).toHaveURL(tenantUrl(slug, "/dashboard/onboarding"));
  expect(calls).toEqual(["tenant.create"]);
});
