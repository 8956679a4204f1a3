import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { enrolSecondFactorAndOpenConsole, signInDemo, workspaceIdOf } from "./operator-session";
import { startOwnServer, type OwnServer } from "./own-server";
import { snap } from "./helpers";

// The operator actions page on its own server (the operator enrols a second factor, which would
// change the shared server's seeded operator).

let own: OwnServer;
test.beforeAll(async () => {
  own = await startOwnServer();
});
test.afterAll(async () => {
  await own?.dispose();
});

const signIn = (page: Page, email: string) => signInDemo(page, own.port, email);

test("the actions page: a reason-and-confirm dialog per action, keyboard operable, the timeline; nobody else finds it", async ({ browser }) => {
  test.setTimeout(150_000); // a second factor to set up, two actions, and a member's view in between
  const admin = `http://admin.localhost:${own.port}`;
  const url = `${admin}/workspaces/${await workspaceIdOf(own.adminUrl, "acme")}/actions`;

  const alice = await (await browser.newContext()).newPage();
  await signIn(alice, "alice@acme.test");
  expect((await alice.goto(url))?.status()).toBe(404);

  const ops = await (await browser.newContext()).newPage();
  await signIn(ops, "ops@atrium.test");
  await enrolSecondFactorAndOpenConsole(ops, own.port);

  await ops.goto(url);
  await expect(ops.getByRole("heading", { level: 1 })).toBeVisible();
  const timeline = ops.getByRole("list", { name: "Lifecycle timeline" });
  await expect(timeline.getByRole("listitem").first()).toBeVisible();
  await snap(ops, "operator-actions-desktop");

  // Keyboard: the opener takes Enter, the dialog traps the focus, Escape closes it.
  const suspend = ops.getByRole("button", { name: "Suspend", exact: true });
  await suspend.focus();
  await ops.keyboard.press("Enter");
  const dialog = ops.getByRole("dialog", { name: "Suspend this workspace" });
  await expect(dialog).toBeVisible();
  await ops.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(suspend).toBeFocused();

  await suspend.click();
  await dialog.getByLabel(/Reason/).fill("e2e: checking the dialog");
  await snap(ops, "operator-actions-dialog");
  await dialog.getByRole("button", { name: "Suspend" }).click();
  // The demo operator is an admin: the workspace is suspended, the dialog closes, the outcome is announced.
  const outcome = ops.getByRole("status", { name: "Outcome of the last action" });
  await expect(outcome).toHaveText("Workspace suspended. Its owners have been told.");
  await expect(dialog).toBeHidden();
  const sql = postgres(own.adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [acme] = await sql<{ status: string }[]>`select status from tenants where slug = 'acme'`;
    expect(acme!.status).toBe("suspended");
  } finally {
    await sql.end({ timeout: 5 });
  }
  await snap(ops, "operator-actions-outcome");

  // The workspace's members now meet the suspended page on its host, which says the platform
  // suspended it and to contact support (Billing cannot lift it), and never the operator's reason.
  await alice.goto(`http://localhost:${own.port}/workspaces`);
  await alice.getByRole("button", { name: "Open Acme Inc." }).click();
  await expect(alice.getByRole("heading", { name: "Acme Inc. is suspended by the platform" })).toBeVisible();
  await expect(alice.getByText(/contact support/)).toBeVisible();
  await expect(alice.getByRole("link", { name: "Restore access in Billing" })).toHaveCount(0);
  expect(await alice.content()).not.toContain("checking the dialog");
  await snap(alice, "operator-actions-member-sees-suspended");
  const mia = await (await browser.newContext()).newPage();
  await signIn(mia, "mia@acme.test");
  await mia.getByRole("button", { name: "Open Acme Inc." }).click();
  await expect(mia.getByRole("heading", { name: "Acme Inc. is suspended by the platform" })).toBeVisible();
  await expect(mia.getByText(/An owner of the workspace can find out why/)).toBeVisible();
  expect(await mia.content()).not.toContain("checking the dialog");

  // ...until the operator reactivates it, with a reason; then the dashboard is back.
  await ops.goto(url);
  await ops.getByRole("button", { name: "Reactivate", exact: true }).click();
  const reactivate = ops.getByRole("dialog", { name: "Reactivate this workspace" });
  await reactivate.getByLabel(/Reason/).fill("e2e: the owner paid by bank transfer");
  await reactivate.getByRole("button", { name: "Reactivate" }).click();
  // The page refreshes with the new status (the Reactivate action itself goes away with it), and
  // the outcome stays on screen, announced, after that refresh.
  await expect(ops.getByRole("button", { name: "Reactivate", exact: true })).toHaveCount(0);
  await expect(ops.getByText("trialing", { exact: true })).toBeVisible();
  await expect(outcome).toHaveText("Workspace reactivated (trialing).");
  await ops.waitForTimeout(1_000);
  await expect(outcome).toHaveText("Workspace reactivated (trialing).");
  await snap(ops, "operator-actions-reactivated");
  await expect(async () => {
    await alice.reload();
    await expect(alice.getByRole("heading", { name: "Acme Inc. is suspended" })).toHaveCount(0, { timeout: 1000 });
    await expect(alice.getByText("Acme Inc.").first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  expect(alice.url()).toContain("acme.localhost");
  // The timeline shows both changes with their cause and reason.
  await ops.reload();
  await expect(timeline).toContainText("e2e: checking the dialog");
  await expect(timeline).toContainText("e2e: the owner paid by bank transfer");

  await ops.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => ops.evaluate(() => window.innerWidth)).toBe(390);
  await ops.goto(url);
  await expect(timeline).toBeVisible();
  await snap(ops, "operator-actions-390");
  const width = await ops.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
});
