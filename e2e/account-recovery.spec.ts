import { expect, test } from "@playwright/test";
import { apex, createWorkspace, emailLink, signUp, snap, tenantUrl, uniqueId } from "./helpers";

// Recovery and verification live on the apex; every link is read from the outbox of the test
// server's database, the only place it exists.

test("sign-up asks to confirm the address first: creating a workspace is refused until the emailed link is followed", async ({ page, browser }) => {
  const id = uniqueId();
  const person = { name: "Vera Verify", email: `vera-${id}@example.test`, password: "a long enough password" };
  await signUp(page, person, { verify: false });
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByTestId("verify-email-banner")).toContainText(person.email);
  await snap(page, "recovery-01-check-email");

  // Looking around is fine; creating a workspace is refused by the server, with the banner shown.
  await page.goto(apex("/new"));
  await expect(page.getByTestId("verify-email-banner")).toBeVisible();
  await page.getByLabel("Workspace name").fill(`Early ${id}`);
  await expect(page.getByText("Available")).toBeVisible();
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("Confirm your email address first")).toBeVisible();
  await snap(page, "recovery-02-new-refused");

  // Resend gives a fresh link (throttled); the banner says so.
  await page.getByRole("button", { name: "Resend" }).click();
  await expect(page.getByText("We sent a new link.")).toBeVisible();

  const link = await emailLink(person.email, "verify-email");
  // Opened signed out (a mail scanner, another browser): nothing is confirmed; signing in as the
  // account comes back to the link, which then confirms.
  const elsewhere = await browser.newContext();
  const signedOut = await elsewhere.newPage();
  await signedOut.goto(link);
  await expect(signedOut.getByText(`Sign in as ${person.email} to confirm this address.`)).toBeVisible();
  await snap(signedOut, "recovery-03a-verify-signed-out");
  await signedOut.getByRole("link", { name: "Sign in and confirm" }).click();
  await signedOut.getByLabel("Email").fill(person.email);
  await signedOut.getByLabel("Password").fill(person.password);
  await signedOut.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(signedOut.getByText(`${person.email} is confirmed`)).toBeVisible();
  await elsewhere.close();
  await page.goto(link);
  await expect(page.getByText(`${person.email} is confirmed`)).toBeVisible();
  await snap(page, "recovery-03-verified");
  await page.getByRole("link", { name: "Create a workspace" }).click();
  await expect(page.getByTestId("verify-email-banner")).toHaveCount(0);
  const slug = await createWorkspace(page, `Verified ${id}`);
  expect(slug).toBe(`verified-${id}`);

  // Opened again (a mail scanner may have been first): it still says confirmed.
  await page.goto(link);
  await expect(page.getByText(`${person.email} is confirmed`)).toBeVisible();
});

test("forgot password: the emailed link sets a new password once, signs in here and ends the other sessions", async ({ browser }) => {
  const id = uniqueId();
  const person = { name: "Rita Reset", email: `rita-${id}@example.test`, password: "the old long password" };
  const elsewhere = await browser.newContext();
  const oldSession = await elsewhere.newPage();
  await signUp(oldSession, person);
  await oldSession.goto(apex("/workspaces"));
  await expect(oldSession.getByRole("heading", { name: "Your workspaces" })).toBeVisible();

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  // A workspace's own sign-in form sends people to the apex, where recovery lives.
  await page.goto(tenantUrl("acme", "/sign-in"));
  await expect(page.getByRole("link", { name: "Forgot password?" })).toHaveAttribute("href", apex("/forgot-password"));
  await page.goto(apex("/sign-in"));
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(apex("/forgot-password"));
  await page.getByLabel("Email").fill(person.email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.getByText("If an account uses that address")).toBeVisible();
  await snap(page, "recovery-04-forgot-sent");

  // An unknown address gets the very same answer.
  await page.goto(apex("/forgot-password"));
  await page.getByLabel("Email").fill(`nobody-${id}@example.test`);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.getByText("If an account uses that address")).toBeVisible();

  const link = await emailLink(person.email, "reset-password");
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await page.getByLabel("New password").fill("the new long password");
  await snap(page, "recovery-05-reset-form");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(apex("/workspaces"));
  await expect(page.getByText(`Signed in as ${person.email}`)).toBeVisible();

  // The other browser's session ended; the link is spent; the old password no longer works.
  await oldSession.goto(apex("/workspaces"));
  await expect(oldSession).toHaveURL(/\/sign-in\?next=(%2F|\/)workspaces$/);
  await oldSession.goto(link);
  await expect(oldSession.getByText("This reset link has expired or was already used.")).toBeVisible();
  await oldSession.goto(apex("/sign-in"));
  await oldSession.getByLabel("Email").fill(person.email);
  await oldSession.getByLabel("Password").fill(person.password);
  await oldSession.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(oldSession.getByText("Incorrect email or password.")).toBeVisible();
  await oldSession.getByLabel("Password").fill("the new long password");
  await oldSession.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(oldSession).toHaveURL(apex("/workspaces"));
  await elsewhere.close();
  await context.close();
});

test("magic link: the email's link opens a page whose button signs in, once, keeping next", async ({ browser }) => {
  const id = uniqueId();
  // A long address, to see the page hold it at phone width.
  const person = { name: "Milo Magic", email: `milo-with-a-rather-long-address-${id}@example.test`, password: "a long enough password" };
  const setup = await browser.newContext();
  await signUp(await setup.newPage(), person);
  await setup.close();

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(apex("/sign-in?next=/account"));
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await page.getByLabel("Email for a sign-in link").fill(person.email);
  await page.getByRole("button", { name: "Send sign-in link" }).click();
  await expect(page.getByText("If an account uses that address")).toBeVisible();
  await snap(page, "recovery-06-magic-sent-phone");

  const link = await emailLink(person.email, "magic-link");
  await page.goto(link);
  // Opening the page spends nothing (mail scanners open links); the button does.
  await page.reload();
  await snap(page, "recovery-07-magic-page-phone");
  await page.getByRole("button", { name: `Sign in as ${person.email}` }).click();
  await expect(page).toHaveURL(apex("/account"));
  await expect(page.getByRole("heading", { name: "Your account", exact: true })).toBeVisible();
  await snap(page, "recovery-08-account-phone");

  await page.goto(link);
  await expect(page.getByText("This sign-in link has expired or was already used.")).toBeVisible();
  await context.close();
});

test("changing the email address: password, then the link sent to the new address", async ({ page }) => {
  const id = uniqueId();
  const person = { name: "Cleo Change", email: `cleo-${id}@example.test`, password: "a long enough password" };
  await signUp(page, person);
  await page.goto(apex("/account"));
  const newEmail = `cleo-new-${id}@example.test`;
  await page.getByLabel("New email address").fill(newEmail);
  await page.getByLabel("Password for this change").fill("not the password");
  await page.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(page.getByText("That password is not correct.")).toBeVisible();
  await page.getByLabel("Password for this change").fill(person.password);
  await page.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(page.getByText(`We sent a link to ${newEmail}`)).toBeVisible();
  // Reloaded, the page still says a change is waiting, and for which address; it can be withdrawn.
  const wrongEmail = `cleo-typo-${id}@example.test`;
  await page.getByLabel("New email address").fill(wrongEmail);
  await page.getByLabel("Password for this change").fill(person.password);
  await page.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(page.getByText(`We sent a link to ${wrongEmail}`)).toBeVisible();
  await page.reload();
  await expect(page.getByRole("status").filter({ hasText: "Waiting for confirmation" })).toContainText(wrongEmail);
  await snap(page, "account-email-change-pending");
  await page.getByRole("button", { name: "Cancel this change" }).click();
  await expect(page.getByText("The address change was cancelled; its link no longer works.")).toBeVisible();
  await expect(page.getByText("Waiting for confirmation")).toHaveCount(0);
  await page.getByLabel("New email address").fill(newEmail);
  await page.getByLabel("Password for this change").fill(person.password);
  await page.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(page.getByText(`We sent a link to ${newEmail}`)).toBeVisible();

  await page.goto(await emailLink(newEmail, "confirm-email"));
  await page.getByRole("button", { name: `Use ${newEmail}` }).click();
  await expect(page).toHaveURL(apex("/account?emailChanged=1"));
  await expect(page.getByText("Your email address was changed.")).toBeVisible();
  await expect(page.getByText(`${person.name} · ${newEmail}`)).toBeVisible();
});
