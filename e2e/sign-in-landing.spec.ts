import { expect, test, type Browser, type Page } from "@playwright/test";
import { apex, createWorkspace, emailLink, inWorkspace, signUp, tenantUrl, uniqueId } from "./helpers";

// Issue 18: sign-in lands in the workspace used last (or the list), and an invitee who creates an
// account from the link joins at once, while one who signs in with an existing account chooses.

type Person = { name: string; email: string; password: string };

/** Signs in on the apex in a fresh browser context (no session yet) and returns its page. */
async function signInFresh(browser: Browser, person: Person, path = "/sign-in"): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(apex(path));
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  return page;
}

test("sign-in lands in the workspace used last; an explicit next, a suspended or a deleted workspace mean the list", async ({ page, browser }) => {
  const id = uniqueId();
  const person = { name: "Lana Landing", email: `lana-${id}@example.test`, password: "a long enough password" };
  await signUp(page, person);
  const slug = await createWorkspace(page, `Landing ${id}`);

  const again = await signInFresh(browser, person);
  await expect(again).toHaveURL(tenantUrl(slug, "/dashboard"));
  await expect(again.getByText("Your role: Owner.")).toBeVisible();

  const listed = await signInFresh(browser, person, "/sign-in?next=/workspaces");
  await expect(listed).toHaveURL(apex("/workspaces"));

  await inWorkspace(slug, (tx, tenantId) => tx`update tenants set status = 'suspended' where id = ${tenantId}`);
  const suspended = await signInFresh(browser, person);
  await expect(suspended).toHaveURL(apex("/workspaces"));
  await inWorkspace(slug, (tx, tenantId) => tx`update tenants set status = 'trialing' where id = ${tenantId}`);

  await page.goto(tenantUrl(slug, "/dashboard/settings/data"));
  await page.getByLabel(/to confirm/).fill(slug);
  await page.getByRole("button", { name: "Delete this workspace" }).click();
  await expect(page).toHaveURL(apex("/workspaces?deleted=1"));
  const deleted = await signInFresh(browser, person);
  await expect(deleted).toHaveURL(apex("/workspaces"));
  await expect(deleted.getByText("No workspaces yet")).toBeVisible();
});

test("an invitee with an account presses Join; one who signs up with another address is told, not joined", async ({ page, browser }) => {
  const id = uniqueId();
  await signUp(page, { name: "Ida Inviter", email: `ida-${id}@example.test`, password: "a long enough password" });
  const slug = await createWorkspace(page, `Choices ${id}`);
  const existing = { name: "Kim Known", email: `kim-${id}@example.test`, password: "a long enough password" };
  const kimPage = await (await browser.newContext()).newPage();
  await signUp(kimPage, existing);
  const stranger = `lee-${id}@example.test`;
  await page.goto(tenantUrl(slug, "/dashboard/members"));
  for (const email of [existing.email, stranger]) {
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("cell", { name: email })).toBeVisible();
  }

  // An existing account, signing in on the way: back at the invitation, which still asks.
  const kimLink = await emailLink(existing.email, "invite");
  const kim = await (await browser.newContext()).newPage();
  await kim.goto(kimLink);
  await kim.getByRole("link", { name: "I already have an account" }).click();
  await kim.getByLabel("Email").fill(existing.email);
  await kim.getByLabel("Password").fill(existing.password);
  await kim.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(kim).toHaveURL(kimLink);
  await kim.getByRole("button", { name: `Join Choices ${id}` }).click();
  await expect(kim).toHaveURL(tenantUrl(slug, "/dashboard"));
  await expect(kim.getByText("Your role: Member.")).toBeVisible();

  // Signing up from Lee's link with another address makes the account but joins nothing.
  const leeLink = await emailLink(stranger, "invite");
  const other = await (await browser.newContext()).newPage();
  await other.goto(leeLink);
  await other.getByRole("link", { name: "Create an account" }).click();
  await expect(other.getByLabel("Work email")).toHaveValue(stranger);
  await other.getByLabel("Your name").fill("Not Lee");
  await other.getByLabel("Work email").fill(`not-lee-${id}@example.test`);
  await other.getByLabel("Password").fill("another long password");
  await other.getByRole("button", { name: "Create account" }).click();
  await expect(other).toHaveURL(leeLink);
  await expect(other.getByText(`You are signed in as not-lee-${id}@example.test`)).toBeVisible();
  await page.reload();
  await expect(page.getByRole("cell", { name: stranger })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Not Lee", exact: true })).toHaveCount(0);
});

test("signing in on a workspace's own address as someone who is not its member leads to its page, which says so", async ({ page, browser }) => {
  const id = uniqueId();
  await signUp(page, { name: "Owen Owner", email: `owen-${id}@example.test`, password: "a long enough password" });
  const slug = await createWorkspace(page, `Visited ${id}`);
  const outsider = { name: "Nora Outside", email: `nora-${id}@example.test`, password: "a long enough password" };
  await signUp(await (await browser.newContext()).newPage(), outsider);
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(tenantUrl(slug, "/sign-in"));
  await visitor.getByLabel("Email").fill(outsider.email);
  await visitor.getByLabel("Password").fill(outsider.password);
  await visitor.getByRole("button", { name: "Sign in", exact: true }).click();
  // Not the dashboard's bare "not found": the workspace's page, naming who is signed in.
  await expect(visitor).toHaveURL(tenantUrl(slug, "/"));
  await expect(visitor.getByText(`You are signed in as ${outsider.email}, which is not a member of Visited ${id}.`)).toBeVisible();
  // A member signing in there still lands in the dashboard.
  const owner = await (await browser.newContext()).newPage();
  await owner.goto(tenantUrl(slug, "/sign-in"));
  await owner.getByLabel("Email").fill(`owen-${id}@example.test`);
  await owner.getByLabel("Password").fill("a long enough password");
  await owner.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(owner).toHaveURL(tenantUrl(slug, "/dashboard"));
});

test("a refused sign-up keeps what was typed, the password included; without JavaScript it still posts", async ({ page, browser }) => {
  const id = uniqueId();
  await page.goto(apex("/sign-up"));
  await page.getByLabel("Your name").fill("N".repeat(120));
  await page.getByLabel("Work email").fill(`keep-${id}@example.test`);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at most 100 characters.")).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveValue("a long enough password");
  await expect(page.getByLabel("Work email")).toHaveValue(`keep-${id}@example.test`);
  // Corrected, the same form goes through.
  await page.getByLabel("Your name").fill("Kai Keep");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(apex("/check-email"));

  // A browser that runs no script posts the form (the password never lands in an address).
  const noScript = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await noScript.goto(apex("/sign-up"));
  await noScript.getByLabel("Your name").fill("N".repeat(120));
  await noScript.getByLabel("Work email").fill(`plain-${id}@example.test`);
  await noScript.getByLabel("Password").fill("a long enough password");
  await noScript.getByRole("button", { name: "Create account" }).click();
  await expect(noScript.getByText("Use at most 100 characters.")).toBeVisible();
  expect(noScript.url()).not.toContain("password");
  await noScript.context().close();
});
