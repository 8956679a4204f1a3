import { createHash, randomBytes } from "node:crypto";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { apex, createWorkspace, signUp, snap, tenantUrl, uniqueId } from "./helpers";
import { listenTestOpenIdProvider } from "./oidc-test-provider";
import { startOwnServer } from "./own-server";


/** The same person signing in on the apex on another device (a fresh page of `context`). */
async function signInElsewhere(context: BrowserContext, person: { email: string; password: string }): Promise<Page> {
  const page = await context.newPage();
  await page.goto(apex("/sign-in"));
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  return page;
}


/** A new person signed up on one device (`a`) and signed in on the apex on another (`b`); both closed afterwards. */
async function onTwoDevices(browser: Browser, person: { name: string; email: string; password: string }, run: (a: Page, b: Page) => Promise<void>): Promise<void> {
  const one = await browser.newContext();
  const two = await browser.newContext();
  try {
    const a = await one.newPage();
    await signUp(a, person);
    const b = await signInElsewhere(two, person);
    await expect(b).toHaveURL(apex("/workspaces"));
    await run(a, b);
  } finally {
    await one.close();
    await two.close();
  }
}

test("ending a session from the account page signs that browser out on every host", async ({ browser }) => {
  const person = { name: "Sam Sessions", email: `sessions-${uniqueId()}@example.test`, password: "a long e2e password" };
  const phone = await browser.newContext();
  const laptop = await browser.newContext();
  try {
    const a = await phone.newPage();
    await signUp(a, person);
    const slug = await createWorkspace(a, `Sessions ${uniqueId()}`);

    // The same person on a second device: the apex, which lands in the workspace they used last
    // (a hand-off).
    const b = await signInElsewhere(laptop, person);
    await expect(b).toHaveURL(tenantUrl(slug, "/dashboard"));

    // Device A sees both sign-ins and ends the other one.
    await a.goto(apex("/account"));
    const sessions = a.getByRole("list", { name: "Active sessions" });
    await expect(sessions.locator("li[data-session]")).toHaveCount(2);
    await expect(sessions.locator('li[data-session="current"]')).toContainText("This device");
    await expect(sessions.locator('li[data-session="other"]')).toContainText(`localhost, ${slug}.localhost`);
    await snap(a, "account-sessions");
    await a.setViewportSize({ width: 390, height: 844 });
    await snap(a, "account-sessions-phone");
    await sessions.locator('li[data-session="other"]').getByRole("button", { name: /^Sign out / }).click();
    const dialog = a.getByRole("alertdialog");
    await expect(dialog).toContainText("Sign out this session?");
    await dialog.getByRole("button", { name: "Sign out" }).click();
    await expect(a.getByText("That session has been signed out.")).toBeVisible();
    await expect(sessions.locator("li[data-session]")).toHaveCount(1);

    // Device B is signed out on its next request, on the workspace host as on the apex.
    await b.reload();
    await expect(b).toHaveURL(new RegExp(`^${tenantUrl(slug, "/sign-in").replace(/[.?]/g, "\\$&")}`));
    await b.goto(apex("/account"));
    await expect(b).toHaveURL(apex("/sign-in?next=/account"));
    // Device A is still signed in.
    await a.reload();
    await expect(a.getByRole("heading", { name: "Your account", exact: true })).toBeVisible();
  } finally {
    await phone.close();
    await laptop.close();
  }
});

test("sign out everywhere else keeps this device", async ({ browser }) => {
  const person = { name: "Eve Elsewhere", email: `elsewhere-${uniqueId()}@example.test`, password: "a long e2e password" };
  await onTwoDevices(browser, person, async (a, b) => {
    await b.goto(apex("/account"));
    await b.getByRole("button", { name: "Sign out everywhere else" }).click();
    await b.getByRole("alertdialog").getByRole("button", { name: "Sign out everywhere else" }).click();
    await expect(b.getByText("Signed out 1 session elsewhere.")).toBeVisible();
    await a.goto(apex("/account"));
    await expect(a).toHaveURL(apex("/sign-in?next=/account"));
    await b.reload();
    await expect(b.getByRole("list", { name: "Active sessions" }).locator("li[data-session]")).toHaveCount(1);
  });
});

test("signing in with a Google-style OpenID provider creates a verified account", async ({ page }) => {
  test.setTimeout(240_000);
  const idp = await listenTestOpenIdProvider();
  const own = await startOwnServer({ AUTH_GOOGLE_ID: idp.clientId, AUTH_GOOGLE_SECRET: idp.clientSecret, AUTH_GOOGLE_ISSUER: idp.issuer });
  try {
    const app = `http://localhost:${own.port}`;
    await idp.start(`${app}/api/auth/callback/google`);
    const email = `oidc-${uniqueId()}@example.test`;
    await page.goto(`${app}/sign-in`);
    await expect(page.getByRole("button", { name: "Continue with Google" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Continue with GitHub" })).toHaveCount(0);
    await snap(page, "sign-in-with-google");
    await page.getByRole("button", { name: "Continue with Google" }).click();
    // The provider's own login and consent pages.
    await page.locator('input[name="login"]').fill(email);
    await page.locator('input[name="password"]').fill("anything");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(`${app}/workspaces`);
    await page.goto(`${app}/account`);
    await expect(page.getByText(`Olivia Idp · ${email}`)).toBeVisible();
    await expect(page.getByRole("list", { name: "Active sessions" }).locator("li[data-session]")).toHaveCount(1);

    const postgres = (await import("postgres")).default;
    const sql = postgres(own.adminUrl, { max: 1 });
    try {
      const [user] = await sql<{ id: string; email_verified_at: Date | null; name: string }[]>`select id, email_verified_at, name from users where email = ${email}`;
      expect(user?.email_verified_at).not.toBeNull();
      expect(user?.name).toBe("Olivia Idp");
      const identities = await sql<{ provider: string; provider_account_id: string }[]>`select provider, provider_account_id from auth_identities where user_id = ${user!.id}`;
      expect(identities).toEqual([{ provider: "google", provider_account_id: email }]);
      const sessions = await sql<{ host: string }[]>`select host from auth_sessions where user_id = ${user!.id}`;
      expect(sessions).toEqual([{ host: "localhost" }]);
    } finally {
      await sql.end();
    }

    // Signing out and in again finds the same account.
    await page.context().clearCookies();
    await page.goto(`${app}/sign-in`);
    await page.getByRole("button", { name: "Continue with Google" }).click();
    await page.locator('input[name="login"]').fill(email);
    await page.locator('input[name="password"]').fill("anything");
    await page.getByRole("button", { name: "Sign-in" }).click();
    // Cookies were cleared, the provider's too: its login and consent come again.
    const consent = page.getByRole("button", { name: "Continue" });
    await consent.click();
    await expect(page).toHaveURL(`${app}/workspaces`);

    // Someone registered this address with a password and never verified it: the provider's
    // account does not take it over, and the page says what to do instead.
    await page.context().clearCookies();
    const taken = `unverified-${uniqueId()}@example.test`;
    await page.goto(`${app}/sign-up`);
    await page.getByLabel("Your name").fill("Pat Password");
    await page.getByLabel("Work email").fill(taken);
    await page.getByLabel("Password").fill("a long e2e password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(`${app}/check-email`);
    await page.context().clearCookies();
    await page.goto(`${app}/sign-in`);
    await page.getByRole("button", { name: "Continue with Google" }).click();
    await page.locator('input[name="login"]').fill(taken);
    await page.locator('input[name="password"]').fill("anything");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await consent.click();
    await expect(page).toHaveURL(`${app}/sign-in?error=oauth_account_unverified`);
    await expect(page.getByText("its address is not verified yet. Sign in with your password instead.")).toBeVisible();
    await snap(page, "sign-in-oauth-refused");

    // Invited to Acme, the invitee creates their account with the provider from the link's
    // sign-up page and lands in the workspace: no Join click after coming back.
    await page.context().clearCookies();
    const invitee = `oidc-invitee-${uniqueId()}@example.test`;
    const token = randomBytes(32).toString("base64url");
    const inviteSql = (await import("postgres")).default(own.adminUrl, { max: 1 });
    try {
      // Sent by Acme's owner (an invitation whose sender can no longer invite lapses).
      await inviteSql`insert into invitations (tenant_id, email, role, token_hash, expires_at, invited_by)
        select t.id, ${invitee}, 'admin', ${createHash("sha256").update(token).digest("hex")}, now() + interval '1 day', m.user_id
        from tenants t join memberships m on m.tenant_id = t.id and m.role = 'owner' where t.slug = 'acme' limit 1`;
    } finally {
      await inviteSql.end();
    }
    // This browser chose German before signing up; the account made with the provider keeps it.
    await page.context().addCookies([{ name: "atrium-locale", value: "de", domain: "localhost", path: "/" }]);
    await page.goto(`${app}/invite/${token}`);
    await page.getByRole("link", { name: "Konto erstellen" }).click();
    await page.getByRole("button", { name: "Weiter mit Google" }).click();
    await page.locator('input[name="login"]').fill(invitee);
    await page.locator('input[name="password"]').fill("anything");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await consent.click();
    await expect(page).toHaveURL(`http://acme.localhost:${own.port}/dashboard`);
    await expect(page.getByText("Ihre Rolle: Admin.")).toBeVisible();
    const localeSql = (await import("postgres")).default(own.adminUrl, { max: 1 });
    try {
      expect(await localeSql`select locale from users where email = ${invitee}`).toEqual([{ locale: "de" }]);
    } finally {
      await localeSql.end();
    }
    // The link is spent; opened again by its member it still leads into the workspace.
    await page.goto(`${app}/invite/${token}`);
    await expect(page).toHaveURL(`http://acme.localhost:${own.port}/dashboard`);
  } finally {
    await own.dispose();
    await idp.close();
  }
});

test("the shared server shows no provider buttons without their variables", async ({ page }) => {
  await page.goto(apex("/sign-in"));
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("button", { name: /Continue with (GitHub|Google)/ })).toHaveCount(0);
});

test("signing out on one device ends that sign-in on every host and leaves the other devices signed in", async ({ browser }) => {
  const person = { name: "Owen Onedevice", email: `onedevice-${uniqueId()}@example.test`, password: "a long e2e password" };
  const phone = await browser.newContext();
  const laptop = await browser.newContext();
  try {
    const a = await phone.newPage();
    await signUp(a, person);
    const slug = await createWorkspace(a, `One device ${uniqueId()}`);
    const b = await signInElsewhere(laptop, person);
    await expect(b).toHaveURL(tenantUrl(slug, "/dashboard"));

    // The laptop signs out from the workspace's account menu: there, and on the apex it came from.
    await b.getByRole("button", { name: /Account menu/ }).click();
    await b.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(b).toHaveURL(new RegExp(`^${tenantUrl(slug, "/sign-in").replace(/[.?]/g, "\\$&")}`));
    await b.goto(apex("/account"));
    await expect(b).toHaveURL(apex("/sign-in?next=/account"));

    // The phone is still signed in, on both hosts.
    await a.goto(apex("/account"));
    await expect(a.getByRole("heading", { name: "Your account", exact: true })).toBeVisible();
    await expect(a.getByRole("list", { name: "Active sessions" }).locator("li[data-session]")).toHaveCount(1);
    await a.goto(tenantUrl(slug, "/dashboard/members"));
    await expect(a.getByRole("cell", { name: person.email })).toBeVisible();
  } finally {
    await phone.close();
    await laptop.close();
  }
});

test("changing the password on the account page signs the other devices out and keeps this one", async ({ browser }) => {
  const person = { name: "Pia Password", email: `pia-${uniqueId()}@example.test`, password: "a long e2e password" };
  await onTwoDevices(browser, person, async (a, b) => {

    await a.goto(apex("/account"));
    const form = a.locator("#password");
    await form.getByLabel("Old password").fill("not my password");
    await form.getByLabel("New password").fill("a new e2e sentence");
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(form.getByText("That password is not correct.")).toBeVisible();
    await form.getByLabel("Old password").fill(person.password);
    await form.getByLabel("New password").fill("a new e2e sentence");
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(form.getByText("Password changed. 1 other sign-in was signed out.")).toBeVisible();
    await snap(a, "account-password-changed");

    await b.goto(apex("/account"));
    await expect(b).toHaveURL(apex("/sign-in?next=/account"));
    await b.getByLabel("Email").fill(person.email);
    await b.getByLabel("Password").fill("a new e2e sentence");
    await b.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(b).toHaveURL(apex("/account"));
    await a.reload();
    await expect(a.getByRole("heading", { name: "Your account", exact: true })).toBeVisible();
  });
});
