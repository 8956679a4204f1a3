import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { apex, createWorkspace, signUp, snap, tenantUrl, uniqueId } from "./helpers";

test("sign up, create a workspace, rename it, see it in the audit log, sign out", async ({ browser }) => {
  const id = uniqueId();
  const owner = { name: "Olivia Owner", email: `olivia-${id}@example.test`, password: "correct horse battery" };
  const context = await browser.newContext();
  const page = await context.newPage();

  await page.goto(apex("/"));
  await snap(page, "01-landing");
  await signUp(page, owner);
  await snap(page, "02-create-workspace");

  const slug = await createWorkspace(page, `Acme ${id}`);
  expect(slug).toBe(`acme-${id}`);
  await expect(page.getByRole("heading", { level: 1, name: `Acme ${id}` })).toBeVisible();
  await expect(page.getByTestId("trial-days")).toHaveText("14 days left");
  await expect(page.getByTestId("member-count")).toHaveText("1 / 25");
  await expect(page.getByRole("heading", { name: /Get set up \(0 of 4 done\)/ })).toBeVisible();
  await snap(page, "03-dashboard-overview");

  await page.getByRole("link", { name: "Members" }).click();
  await expect(page.getByRole("cell", { name: owner.email })).toBeVisible();
  // Tabs of several workspaces stay apart: the title names the page and the workspace.
  await expect(page).toHaveTitle(`Members · Acme ${id}`);
  await snap(page, "04-members");

  // A second tab of the workspace, left open on Settings with a new name half typed, while the
  // first renames the workspace.
  const secondTab = await context.newPage();
  await secondTab.goto(tenantUrl(slug, "/dashboard/settings"));
  await expect(secondTab.locator("aside").getByText(`Acme ${id}`, { exact: true })).toBeVisible();
  await secondTab.getByLabel("Name", { exact: true }).fill("Half typed, not saved");

  await page.getByRole("link", { name: "Settings" }).click();
  const nameField = page.getByLabel("Name", { exact: true });
  await nameField.fill(`Acme Renamed ${id}`);
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Workspace renamed").first()).toBeVisible();
  await snap(page, "05-settings-renamed");
  // The second tab's frame shows the new name without a reload, and keeps it on in-app navigation
  // (which re-renders the page, not the layout).
  await secondTab.bringToFront();
  await expect(secondTab.locator("aside").getByText(`Acme Renamed ${id}`, { exact: true })).toBeVisible();
  // What was typed there is still there (a refresh keeps it).
  await expect(secondTab.getByLabel("Name", { exact: true })).toHaveValue("Half typed, not saved");
  await secondTab.getByRole("link", { name: "Members" }).click();
  await expect(secondTab).toHaveTitle(`Members · Acme Renamed ${id}`);
  await expect(secondTab.locator("aside").getByText(`Acme Renamed ${id}`, { exact: true })).toBeVisible();
  await secondTab.close();
  await page.bringToFront();

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByText(`Renamed the workspace from “Acme ${id}” to “Acme Renamed ${id}”`)).toBeVisible();
  await expect(page.getByRole("table").getByText("tenant.created")).toBeVisible();
  // Where each change came from reads as a browser and a system, the full user agent on hover.
  await expect(page.getByRole("row", { name: /Renamed the workspace/ }).getByText("Chrome on Linux")).toBeVisible();
  await snap(page, "06-audit-log");
  // Filter to the rename, then download it as CSV (the trial includes Pro's audit export).
  await page.getByLabel("Action").selectOption("tenant.renamed");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/action=tenant\.renamed/);
  await expect(page.getByRole("table").getByText("tenant.created")).toHaveCount(0);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^audit-acme-${id}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const csv = await readFile(await download.path(), "utf8");
  expect(csv.split("\r\n")[0]).toBe("time_utc,actor,action,target,ip,user_agent,metadata");
  expect(csv).toContain("tenant.renamed");
  expect(csv).not.toContain("tenant.created");

  // A second person cannot see anything of this workspace, even signed in on its host.
  const intruder = { name: "Ivan Intruder", email: `ivan-${id}@example.test`, password: "another long password" };
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signUp(otherPage, intruder);
  await otherPage.goto(tenantUrl(slug, "/dashboard"));
  await expect(otherPage).toHaveURL(tenantUrl(slug, "/sign-in?next=%2Fdashboard"));
  await otherPage.getByLabel("Email").fill(intruder.email);
  await otherPage.getByLabel("Password").fill(intruder.password);
  await otherPage.getByRole("button", { name: "Sign in", exact: true }).click();
  // Signed in, but no member: the workspace's public page says so (not the dashboard it asked for).
  await expect(otherPage).toHaveURL(tenantUrl(slug, "/"));
  await expect(otherPage.getByText(`You are signed in as ${intruder.email}, which is not a member`)).toBeVisible();
  const dashboard = await otherPage.goto(tenantUrl(slug, "/dashboard"));
  expect(dashboard?.status()).toBe(404);
  await expect(otherPage.getByRole("heading", { name: "Not found" })).toBeVisible();
  const response = await otherPage.goto(tenantUrl(slug, "/dashboard/members"));
  expect(response?.status()).toBe(404);
  await expect(otherPage.getByText(owner.email)).toHaveCount(0);
  await snap(otherPage, "07-non-member-not-found");
  await other.close();

  // Sign-out ends the session here and on the apex.
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(tenantUrl(slug, "/sign-in?signedOut=1"));
  await expect(page.getByText("You have been signed out.")).toBeVisible();
  // The workspace's own sign-in page (Next once fetched the redirect's page from the apex).
  await expect(page.getByRole("heading", { name: `Sign in to Acme Renamed ${id}` })).toBeVisible();
  await expect(page.getByRole("link", { name: "Create an account" })).toHaveCount(0);
  await snap(page, "08-signed-out");
  await page.goto(tenantUrl(slug, "/dashboard"));
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.goto(apex("/workspaces"));
  await expect(page).toHaveURL(apex("/sign-in?next=/workspaces"));
  await context.close();
});

test("unknown workspace host shows a friendly 404; the internal route is hidden on the apex", async ({ page }) => {
  const response = await page.goto(tenantUrl(`nobody-${uniqueId()}`));
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "No workspace at this address" })).toBeVisible();
  await snap(page, "09-unknown-workspace");
  const internal = await page.goto(apex("/t/acme/dashboard"));
  expect(internal?.status()).toBe(404);
});

test("wrong password shows a clear message and keeps the email", async ({ page }) => {
  await page.goto(apex("/sign-in"));
  await page.getByLabel("Email").fill("alice@acme.test");
  await page.getByLabel("Password").fill("wrong password!");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("Incorrect email or password.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("alice@acme.test");
});

test("branding: a brand colour and description show on the public page; a too-light colour is refused", async ({ page }) => {
  const id = uniqueId();
  await signUp(page, { name: "Bo Brand", email: `bo-${id}@example.test`, password: "a long enough password" });
  const slug = await createWorkspace(page, `Brand ${id}`);
  await page.getByRole("link", { name: "Settings" }).click();
  const color = page.getByLabel("Brand colour");
  await color.fill("#facc15");
  await expect(page.getByText(/needs at least 4.5:1/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Save branding" })).toBeDisabled();
  await color.fill("#0f766e");
  await page.getByLabel("Public page description").fill("Widgets for serious people.");
  await page.getByRole("button", { name: "Save branding" }).click();
  await expect(page.getByText("Branding saved").first()).toBeVisible();
  await snap(page, "50-branding-settings");

  await page.goto(tenantUrl(slug, "/"));
  await expect(page.getByText("Widgets for serious people.")).toBeVisible();
  await expect(page.getByTestId("brand-tile")).toHaveCSS("background-color", "rgb(15, 118, 110)");
  await snap(page, "51-public-page-branded");
});

test("an owner deletes a workspace by typing its address; it is gone at once", async ({ page }) => {
  const id = uniqueId();
  await signUp(page, { name: "Del Owner", email: `del-${id}@example.test`, password: "a long enough password" });
  const slug = await createWorkspace(page, `Doomed ${id}`);
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: "Data export" }).click();
  const confirm = page.getByLabel(/to confirm/);
  await confirm.fill("wrong");
  await expect(page.getByRole("button", { name: "Delete this workspace" })).toBeDisabled();
  await confirm.fill(slug);
  await snap(page, "52-delete-workspace");
  await page.getByRole("button", { name: "Delete this workspace" }).click();
  // Back on the apex's list, which says what happened and for how long it can be undone.
  await expect(page).toHaveURL(apex("/workspaces?deleted=1"));
  await expect(page.getByRole("status").filter({ hasText: "The workspace was deleted." })).toContainText("kept for 30 days");
  await expect(page.getByText("No workspaces yet")).toBeVisible();
  const gone = await page.goto(tenantUrl(slug, "/dashboard"));
  expect(gone?.status()).toBe(404);
});
