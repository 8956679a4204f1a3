import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { enrolSecondFactorAndOpenConsole, signInDemo, workspaceIdOf } from "./operator-session";
import { startOwnServer, type OwnServer } from "./own-server";
import { snap } from "./helpers";

// Support access ("view as") on its own server (the operator enrols a second factor there).

let own: OwnServer;
test.beforeAll(async () => {
  own = await startOwnServer();
});
test.afterAll(async () => {
  await own?.dispose();
});

test("support access: read-only with a banner on every page, every change refused, ended from the banner, in the owners' audit log", async ({ browser }) => {
  test.setTimeout(150_000); // a second factor to set up, the hand-off, and the owner's view
  const admin = `http://admin.localhost:${own.port}`;
  const acme = `http://acme.localhost:${own.port}`;
  const supportUrl = `${admin}/workspaces/${await workspaceIdOf(own.adminUrl, "acme")}/support`;

  // A workspace owner is no operator: the console's support page is not found for them.
  const alice = await (await browser.newContext()).newPage();
  await signInDemo(alice, own.port, "alice@acme.test");
  expect((await alice.goto(supportUrl))?.status()).toBe(404);

  const ops = await (await browser.newContext()).newPage();
  await signInDemo(ops, own.port, "ops@atrium.test");
  await enrolSecondFactorAndOpenConsole(ops, own.port);
  await ops.goto(supportUrl);
  await expect(ops.getByRole("heading", { name: "Support access", level: 1 })).toBeVisible();
  await expect(ops.getByText("No support access yet.")).toBeVisible();
  // A reason is required: the browser keeps the form until one is given.
  await ops.getByRole("button", { name: "Open the dashboard read-only" }).click();
  await expect(ops).toHaveURL(supportUrl);
  await ops.getByLabel("Reason").fill("e2e: ticket 881, the owner cannot find an invoice");
  await snap(ops, "support-access-start");
  await ops.getByRole("button", { name: "Open the dashboard read-only" }).click();

  // Through the hand-off onto the workspace's host, as the operator, with the banner.
  await expect(ops).toHaveURL(`${acme}/dashboard`);
  const banner = ops.getByRole("region", { name: "Support access" });
  await expect(banner).toContainText("read-only");
  await expect(banner).toContainText("min left");
  await snap(ops, "support-access-dashboard");
  await ops.goto(`${acme}/dashboard/members`);
  await expect(banner).toBeVisible();
  await expect(ops.getByText("alice@acme.test").first()).toBeVisible();

  // Every change is refused on the server with a clear message: a tRPC mutation from the UI...
  await ops.goto(`${acme}/dashboard/settings`);
  await expect(banner).toBeVisible();
  await ops.getByLabel("Name", { exact: true }).fill("Renamed by support");
  await ops.getByRole("button", { name: "Save name" }).click();
  await expect(ops.getByText(/read-only support access: nothing can be changed/)).toBeVisible();
  await snap(ops, "support-access-refused");
  // ...a route handler, and a form post to a page (the server-action path): all 403.
  const refused = await ops.evaluate(async () => {
    const logo = await fetch("/dashboard/settings/logo", { method: "DELETE" });
    const page = await fetch("/dashboard/settings", { method: "POST", body: "x=1", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    return [logo.status, await logo.text(), page.status, await page.text()];
  });
  expect(refused[0]).toBe(403);
  expect(refused[1]).toMatch(/read-only support access/);
  expect(refused[2]).toBe(403);
  expect(refused[3]).toMatch(/read-only support access/);
  const sql = postgres(own.adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ name: string }[]>`select name from tenants where slug = 'acme'`;
    expect(row!.name).toBe("Acme Inc.");
  } finally {
    await sql.end({ timeout: 5 });
  }

  // On a phone the banner fits.
  await ops.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => ops.evaluate(() => window.innerWidth)).toBe(390);
  await ops.goto(`${acme}/dashboard`);
  await expect(banner).toBeVisible();
  expect(await ops.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await snap(ops, "support-access-390");
  await ops.setViewportSize({ width: 1280, height: 800 });

  // Ending it from the banner signs this session out and returns to the console.
  await banner.getByRole("button", { name: "End support access" }).click();
  await expect(ops).toHaveURL(`${supportUrl}?ended=1`);
  await expect(ops.getByText("Support access ended")).toBeVisible();
  await expect(ops.getByRole("table", { name: "Support access grants" })).toContainText(/ended/);
  await ops.goto(`${acme}/dashboard`);
  await expect(ops).toHaveURL(/\/sign-in/);

  // The owner sees both in the workspace's audit log, attributed to platform support.
  await alice.goto(`http://localhost:${own.port}/workspaces`);
  await alice.getByRole("button", { name: "Open Acme Inc." }).click();
  await expect(alice).toHaveURL(`${acme}/dashboard`);
  await alice.goto(`${acme}/dashboard/audit`);
  await expect(alice.getByText(/Platform support opened this workspace \(read-only, 30 minutes\): e2e: ticket 881/)).toBeVisible();
  await expect(alice.getByText("Platform support ended its access")).toBeVisible();
  await expect(alice.getByRole("cell", { name: "Platform support", exact: true }).first()).toBeVisible();
  await snap(alice, "support-access-owner-audit");
});
