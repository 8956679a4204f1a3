import { expect, test, type Browser, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { Secret, TOTP } from "otpauth";
import { startOwnServer, type OwnServer } from "./own-server";
import { apex, signUp, snap, uniqueId, withE2eDatabase } from "./helpers";

// The authenticator app in these tests: the same library computes codes from the secret the page
// shows. A code for the next 30-second step is used at sign-in (the server allows one step of
// drift), so the code that confirmed the setup a moment ago is never needed twice.
function codeFor(secret: string, offsetSteps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" }).generate({ timestamp: Date.now() + offsetSteps * 30_000 });
}

/** On /account: turns two-factor on; returns the secret and the recovery codes. */
async function enrolTotp(page: Page, password: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  // The password again first: a stolen session alone cannot turn it on.
  await page.getByLabel("Password to set up two-factor").fill("not the password");
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  await expect(page.getByText("That password is not correct.")).toBeVisible();
  await page.getByLabel("Password to set up two-factor").fill(password);
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  const secretText = page.getByTestId("totp-secret");
  await expect(secretText).toBeVisible();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await secretText.textContent())!.trim();
  await page.getByLabel("Code from the app").fill("000000");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("That code is not right").first()).toBeVisible();
  await page.getByLabel("Code from the app").fill(codeFor(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  const list = page.getByRole("list", { name: "Recovery codes" });
  await expect(list).toBeVisible();
  const recoveryCodes = (await list.getByRole("listitem").allTextContents()).map((c) => c.trim());
  expect(recoveryCodes).toHaveLength(10);
  return { secret, recoveryCodes };
}

async function outboxSubjects(email: string): Promise<string[]> {
  return withE2eDatabase(async (sql) => (await sql<{ subject: string }[]>`select subject from email_outbox where to_address = ${email}`).map((r) => r.subject));
}

async function signInWithPassword(page: Page, base: string, email: string, password: string, path = "/sign-in"): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("TOTP: set up on the account page, then sign-in asks for a code (wrong codes keep the step), and a finished step cannot be replayed", async ({ page, browser }) => {
  const id = uniqueId();
  const email = `tfa-${id}@example.test`;
  const password = "a long enough password";
  await signUp(page, { name: "Tess Factor", email, password });
  await page.goto(apex("/account"));
  await expect(page.getByRole("heading", { name: /Two-factor authentication/ })).toBeVisible();
  const { secret, recoveryCodes } = await enrolTotp(page, password);
  await snap(page, "90-two-factor-recovery-codes");

  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download as .txt" }).click()]);
  expect(file.suggestedFilename()).toBe("atrium-recovery-codes.txt");
  const text = readFileSync((await file.path())!, "utf8");
  for (const code of recoveryCodes) expect(text).toContain(code);

  await page.getByRole("link", { name: "I have saved my codes" }).click();
  await expect(page.getByText("10 of 10 recovery codes left.")).toBeVisible();
  // Nothing about the secret is left on the page once it is on.
  await expect(page.getByTestId("totp-secret")).toHaveCount(0);

  // The database never holds the secret or a recovery code in clear.
  await withE2eDatabase(async (sql) => {
    const rows = await sql`select t.secret_sealed, r.code_hash from user_totp t join users u on u.id = t.user_id join user_recovery_codes r on r.user_id = u.id where u.email = ${email}`;
    const dump = JSON.stringify(rows);
    expect(rows.length).toBe(10);
    expect(dump).not.toContain(secret);
    for (const code of recoveryCodes) expect(dump).not.toContain(code.replace("-", ""));
  });

  const other = await browser.newContext();
  const second = await other.newPage();
  await signInWithPassword(second, apex(""), email, password);
  await expect(second).toHaveURL(apex("/sign-in/two-factor"));
  await expect(second.getByText("Your password was right. One more step.")).toBeVisible();
  const cookie = (await other.cookies()).find((c) => c.name === "atrium.second-factor");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  // Not signed in yet: the account page still asks for a sign-in.
  const peek = await other.newPage();
  await peek.goto(apex("/account"));
  await expect(peek).toHaveURL(/\/sign-in\?next=/);
  await peek.close();

  await second.getByLabel("Authentication code").fill("000000");
  await second.getByRole("button", { name: "Verify" }).click();
  await expect(second.getByText("That code is not right")).toBeVisible();
  await snap(second, "91-two-factor-step-wrong-code");
  await second.setViewportSize({ width: 390, height: 844 });
  await snap(second, "92-two-factor-step-phone");
  await second.getByLabel("Authentication code").fill(codeFor(secret, 1));
  await second.getByRole("button", { name: "Verify" }).click();
  await expect(second).toHaveURL(apex("/workspaces"));

  // The pending sign-in is gone: replaying the step (or its old cookie) signs nobody in.
  await other.addCookies([{ ...cookie!, expires: -1 }]);
  await second.goto(apex("/sign-in/two-factor"));
  await expect(second.getByText("This sign-in has expired or was already finished.")).toBeVisible();
  await other.close();

  // Turning it off needs the password and a code.
  const section = page.locator("#two-factor");
  await section.getByRole("button", { name: "Turn off two-factor authentication" }).click();
  await section.getByLabel("Your password").fill("wrong password");
  await page.getByLabel("A code from your app").fill(codeFor(secret, 1));
  await page.getByRole("button", { name: "Turn off", exact: true }).click();
  await expect(page.getByText("Your password is not right.")).toBeVisible();
  await section.getByLabel("Your password").fill(password);
  await section.getByRole("button", { name: "Use a recovery code" }).click();
  await page.getByLabel("A recovery code").fill(recoveryCodes[9]!);
  await page.getByRole("button", { name: "Turn off", exact: true }).click();
  await expect(page.getByRole("button", { name: "Set up two-factor authentication" })).toBeVisible();
  expect(await outboxSubjects(email)).toContain("Two-factor authentication was turned off");
});

test("recovery code sign-in works once; Auth.js's own password endpoint refuses an account with a second factor", async ({ page, browser }) => {
  const id = uniqueId();
  const email = `tfr-${id}@example.test`;
  const password = "a long enough password";
  await signUp(page, { name: "Rita Recovery", email, password });
  await page.goto(apex("/account"));
  const { recoveryCodes } = await enrolTotp(page, password);

  const fresh = await browser.newContext();
  const step = await fresh.newPage();
  await signInWithPassword(step, apex(""), email, password);
  await expect(step).toHaveURL(apex("/sign-in/two-factor"));
  await step.getByRole("button", { name: "Use a recovery code" }).click();
  await step.getByLabel("Recovery code").fill(recoveryCodes[0]!.toLowerCase());
  await step.getByRole("button", { name: "Verify" }).click();
  await expect(step).toHaveURL(apex("/workspaces"));
  await fresh.close();

  const again = await browser.newContext();
  const replay = await again.newPage();
  await signInWithPassword(replay, apex(""), email, password);
  await replay.getByRole("button", { name: "Use a recovery code" }).click();
  await replay.getByLabel("Recovery code").fill(recoveryCodes[0]!);
  await replay.getByRole("button", { name: "Verify" }).click();
  await expect(replay.getByText("That recovery code is not right or was already used.")).toBeVisible();
  await expect(replay).toHaveURL(apex("/sign-in/two-factor"));
  await again.close();

  expect(await outboxSubjects(email)).toEqual(expect.arrayContaining(["A recovery code was used to sign in", "Two-factor authentication is on"]));

  // Auth.js's credentials callback (scripts, benchmarks) signs in a person without a second
  // factor, and refuses this one: no session cookie, back to sign-in with the reason.
  const callback = async (who: string, pass: string) => {
    const context = await browser.newContext();
    const api = context.request;
    const { csrfToken } = (await (await api.get(apex("/api/auth/csrf"))).json()) as { csrfToken: string };
    const res = await api.post(apex("/api/auth/callback/credentials"), {
      form: { email: who, password: pass, csrfToken, callbackUrl: apex("/workspaces") },
      headers: { Origin: apex("") },
      maxRedirects: 0,
    });
    const cookies = await context.cookies();
    await context.close();
    return { status: res.status(), location: res.headers()["location"] ?? "", session: cookies.some((c) => c.name.includes("session-token")) };
  };
  const plainEmail = `tfp-${id}@example.test`;
  const plain = await browser.newContext();
  await signUp(await plain.newPage(), { name: "Pat Plain", email: plainEmail, password });
  await plain.close();
  expect(await callback(plainEmail, password)).toMatchObject({ session: true });
  const refused = await callback(email, password);
  expect(refused.session).toBe(false);
  expect(refused.location).toContain("code=second_factor");
});

test.describe("the require-two-factor policy and operator accounts (own server: the demo data changes)", () => {
  let own: OwnServer;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    own = await startOwnServer();
  });
  test.afterAll(async () => {
    await own?.dispose();
  });

  async function signedIn(browser: Browser, email: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await signInWithPassword(page, `http://localhost:${own.port}`, email, "atrium-demo-1234", "/sign-in?next=/workspaces");
    await expect(page).toHaveURL(`http://localhost:${own.port}/workspaces`);
    return page;
  }

  test("an owner requires two-factor; a member without it is sent to set it up before any page or query of the workspace", async ({ browser }) => {
    const apexOwn = `http://localhost:${own.port}`;
    const acme = `http://acme.localhost:${own.port}`;
    const alice = await signedIn(browser, "alice@acme.test");
    await alice.getByRole("button", { name: "Open Acme Inc." }).click();
    await expect(alice).toHaveURL(`${acme}/dashboard`);
    await alice.goto(`${acme}/dashboard/settings/security`);
    await expect(alice.getByRole("heading", { name: "Two-factor authentication", exact: true })).toBeVisible();
    // Without a second factor of her own, the owner would lock herself out: refused.
    await alice.getByRole("button", { name: "Require for all members" }).click();
    await expect(alice.getByText("Set up two-factor authentication for your own account first")).toBeVisible();
    await alice.goto(`${apexOwn}/account`);
    await enrolTotp(alice, "atrium-demo-1234");
    await alice.goto(`${acme}/dashboard/settings/security`);
    await alice.getByRole("button", { name: "Require for all members" }).click();
    await expect(alice.getByRole("button", { name: "Make it optional" })).toBeVisible();
    await snap(alice, "93-settings-security-required");
    await alice.goto(`${acme}/dashboard/audit`);
    await expect(alice.getByText("Required two-factor authentication for all members")).toBeVisible();

    const mia = await signedIn(browser, "mia@acme.test");
    await mia.getByRole("button", { name: "Open Acme Inc." }).click();
    await expect(mia).toHaveURL(`${apexOwn}/account#two-factor`);
    await expect(mia.getByText("Acme Inc. requires two-factor authentication for its members.")).toBeVisible();
    await snap(mia, "94-account-two-factor-required");
    // The hand-off signed her in on Acme's host, yet neither pages nor queries answer there.
    await mia.goto(`${acme}/dashboard/members`);
    await expect(mia).toHaveURL(`${apexOwn}/account#two-factor`);
    // (Through the browser: Node does not resolve *.localhost.)
    const query = await mia.goto(`${acme}/api/trpc/tenant.current`);
    expect(query?.status()).toBe(403);
    expect(await query?.text()).toContain("Acme Inc. requires two-factor authentication");
    // The apex itself (her workspace list, signing out) still works.
    await mia.goto(`${apexOwn}/workspaces`);
    await expect(mia.getByRole("button", { name: "Open Acme Inc." })).toBeVisible();

    await mia.goto(`${apexOwn}/account`);
    const { secret } = await enrolTotp(mia, "atrium-demo-1234");
    await mia.goto(`${apexOwn}/workspaces`);
    await mia.getByRole("button", { name: "Open Acme Inc." }).click();
    await expect(mia).toHaveURL(`${acme}/dashboard`);
    expect((await mia.goto(`${acme}/api/trpc/tenant.current`))?.status()).toBe(200);

    // Signing in on the workspace's own host: the second step happens there too.
    const direct = await (await browser.newContext()).newPage();
    await signInWithPassword(direct, acme, "mia@acme.test", "atrium-demo-1234");
    await expect(direct).toHaveURL(`${acme}/sign-in/code`);
    await expect(direct.getByRole("heading", { name: "Sign in to Acme Inc." })).toBeVisible();
    await direct.getByLabel("Authentication code").fill(codeFor(secret, 1));
    await direct.getByRole("button", { name: "Verify" }).click();
    await expect(direct).toHaveURL(`${acme}/dashboard`);
  });

  test("an operator without a second factor cannot open the operator console until enrolled", async ({ browser }) => {
    const apexOwn = `http://localhost:${own.port}`;
    const ops = await signedIn(browser, "ops@atrium.test");
    await ops.getByRole("button", { name: "Operator console" }).click();
    await expect(ops).toHaveURL(`${apexOwn}/account#two-factor`);
    await expect(ops.getByText("Platform operator accounts require two-factor authentication")).toBeVisible();
    await enrolTotp(ops, "atrium-demo-1234");
    await ops.goto(`${apexOwn}/workspaces`);
    await ops.getByRole("button", { name: "Operator console" }).click();
    await expect(ops.getByRole("heading", { name: "Workspaces", exact: true, level: 1 })).toBeVisible();
  });
});
