import { expect, test, type CDPSession, type Page } from "@playwright/test";
import { apex, signUp, snap, uniqueId, withE2eDatabase } from "./helpers";

// Chromium's virtual authenticator (DevTools protocol) stands in for a phone or laptop: a
// platform authenticator with discoverable credentials that verifies its user (PIN, biometrics).

async function addVirtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

async function emailSubjects(to: string): Promise<string[]> {
  return withE2eDatabase(async (sql) => (await sql<{ subject: string }[]>`select subject from email_outbox where to_address = ${to} order by created_at`).map((r) => r.subject));
}

const PASSWORD = "a long enough password";

test("register a passkey on /account, sign in with it (no email typed), rename and remove it", async ({ page }) => {
  const id = uniqueId();
  const email = `pk-${id}@example.test`;
  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
  await signUp(page, { name: "Pat Passkey", email, password: PASSWORD });

  await page.goto(apex("/account"));
  const addForm = page.getByRole("form", { name: "Add a passkey" });
  await expect(page.getByText("You have no passkeys yet.")).toBeVisible();
  await page.getByLabel("Passkey name").fill("Laptop");
  await page.getByLabel("Current password").fill("not my password");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText("That password is not correct.")).toBeVisible();
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText("Passkey “Laptop” added.")).toBeVisible();
  const list = page.getByRole("list", { name: "Your passkeys" });
  await expect(list.getByText("Laptop", { exact: true })).toBeVisible();
  await expect(list.getByText(/Never used/)).toBeVisible();
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: "localhost" });
  await snap(page, "pk-01-account-passkey-added");

  // The same authenticator cannot be registered twice for this account.
  await page.getByLabel("Passkey name").fill("Laptop again");
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(addForm.getByRole("alert")).toHaveText("This device already holds a passkey for your account.");

  // Sign out, then sign in with the passkey alone.
  await page.goto(apex("/workspaces"));
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(apex("/?signedOut=1"));
  await page.goto(apex("/sign-in?next=/account"));
  await snap(page, "pk-02-sign-in");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(apex("/account"));
  await expect(page.getByText(`Pat Passkey · ${email}`)).toBeVisible();
  await expect(list.getByText(/Last used/)).toBeVisible();

  // Rename.
  await page.getByRole("button", { name: "Rename Laptop" }).click();
  await page.getByLabel("New name").fill("   ");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Name your passkey.")).toBeVisible();
  await page.getByLabel("New name").fill("Work laptop");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(list.getByText("Work laptop", { exact: true })).toBeVisible();
  await expect(page.getByLabel("New name")).toHaveCount(0);

  // Remove: confirmed with the password.
  await page.getByRole("button", { name: "Remove Work laptop" }).click();
  await page.getByLabel("Current password").first().fill("wrong password!");
  await page.getByRole("button", { name: "Remove passkey" }).click();
  await expect(list.getByText("That password is not correct.")).toBeVisible();
  await snap(page, "pk-03-remove-confirm");
  await page.getByLabel("Current password").first().fill(PASSWORD);
  await page.getByRole("button", { name: "Remove passkey" }).click();
  await expect(page.getByText("You have no passkeys yet.")).toBeVisible();

  expect(await emailSubjects(email)).toEqual(expect.arrayContaining(["A passkey was added to your Atrium account", "A passkey was removed from your Atrium account"]));

  // The authenticator still holds the credential, but Atrium no longer knows it: a clear refusal.
  await page.goto(apex("/workspaces"));
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(apex("/?signedOut=1"));
  await page.goto(apex("/sign-in"));
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByText(/This passkey is not registered with Atrium/)).toBeVisible();
  await expect(page).toHaveURL(apex("/sign-in"));
});

test("passkeys on a phone-width screen, and a prompt the person declines", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const id = uniqueId();
  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
  await signUp(page, { name: "Phoebe Phone", email: `pkm-${id}@example.test`, password: PASSWORD });
  await page.goto(apex("/account"));
  await page.getByLabel("Passkey name").fill("Phone with a rather long name that wraps");
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText(/added\. You can now sign in with it\./)).toBeVisible();
  await page.getByRole("button", { name: /^Remove Phone/ }).click();
  await snap(page, "pk-04-account-phone");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // The device refuses to verify the person: nothing is added, and the page says why.
  await cdp.send("WebAuthn.setUserVerified", { authenticatorId, isUserVerified: false });
  await page.goto(apex("/account"));
  await page.getByLabel("Passkey name").fill("Unverified");
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByRole("form", { name: "Add a passkey" }).getByRole("alert")).toHaveText("The passkey prompt was cancelled or timed out. No passkey was added.");
  await snap(page, "pk-05-unverified");
  await expect(page.getByRole("list", { name: "Your passkeys" }).getByText("Unverified")).toHaveCount(0);

  await page.goto(apex("/workspaces"));
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(apex("/?signedOut=1"));
  await page.goto(apex("/sign-in"));
  await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toBeVisible();
  await snap(page, "pk-06-sign-in-phone");
  // (The marketing header itself is 2 px too wide at 390 px, which is not this feature's.)
  const box = await page.getByRole("button", { name: "Sign in with a passkey" }).boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
});

test("a passkey is the second factor of a password sign-in, and the step offers only what the person has", async ({ page }) => {
  const id = uniqueId();
  const email = `pk2-${id}@example.test`;
  await addVirtualAuthenticator(page);
  await signUp(page, { name: "Sam Second", email, password: PASSWORD });
  await page.goto(apex("/account"));
  await page.getByLabel("Passkey name").fill("Laptop");
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText("Passkey “Laptop” added.")).toBeVisible();
  await page.goto(apex("/workspaces"));
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(apex("/?signedOut=1"));

  // The right password alone no longer signs in: the second step asks for the passkey.
  await page.goto(apex("/sign-in?next=/account"));
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(apex("/sign-in/two-factor"));
  await expect(page.getByRole("button", { name: "Use a passkey" })).toBeVisible();
  // No authenticator app: no code field to type into.
  await expect(page.getByLabel("Authentication code")).toHaveCount(0);
  await page.goto(apex("/account"));
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto(apex("/sign-in/two-factor"));
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).toHaveURL(apex("/account"));
  await expect(page.getByText(`Sam Second · ${email}`)).toBeVisible();

  // The finished step cannot be used again.
  await page.goto(apex("/sign-in/two-factor"));
  await expect(page.getByText("This sign-in has expired or was already finished.")).toBeVisible();
});
