import { expect, test, type Page } from "@playwright/test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startTestOidcProvider, type TestOidcProvider } from "../test/sso-oidc-provider";
import { apex, createWorkspace, inWorkspace, signUp, snap, tenantUrl, uniqueId, withE2eDatabase } from "./helpers";

// Single sign-on against a real OpenID provider (oidc-provider, started here with its dev login
// page): an Enterprise owner connects it, verifies an email domain through DNS (the test server
// reads DNS from DNS_FIXTURE_FILE), a new person signs in through it and lands in the workspace
// as a member; then SSO is enforced and a password-only member is sent to the provider.

const DNS_FILE = path.resolve(".data/e2e/dns.json");
let idp: TestOidcProvider;

test.beforeAll(async () => {
  idp = await startTestOidcProvider({ redirectUri: apex("/auth/sso/callback") });
});
test.afterAll(async () => {
  await idp?.close();
});

/** Adds a TXT record to the test server's DNS file, keeping what other specs put there. */
function publishTxt(name: string, value: string | null) {
  mkdirSync(path.dirname(DNS_FILE), { recursive: true });
  const records = existsSync(DNS_FILE) ? (JSON.parse(readFileSync(DNS_FILE, "utf8") || "{}") as Record<string, unknown>) : {};
  writeFileSync(DNS_FILE, JSON.stringify(value === null ? records : { ...records, [name]: { TXT: [value] } }));
}

async function loginAtProvider(page: Page, login: string) {
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer.replace(/\./g, "\\.")}/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

test("OIDC single sign-on: set up by an Enterprise owner, just-in-time membership, then enforced", async ({ page, browser }) => {
  // Three browsers, a provider round trip each: over a minute on a busy 2-core machine.
  test.setTimeout(180_000);
  const id = uniqueId();
  const domain = `corp-${id}.e2e.test`;
  await signUp(page, { name: "Olga Owner", email: `olga-${id}@example.test`, password: "a long enough password" });
  const slug = await createWorkspace(page, `SSO ${id}`);

  // On the Pro trial the feature is offered, not usable.
  await page.goto(tenantUrl(slug, "/dashboard/settings/security"));
  await expect(page.getByText("Single sign-on is an Enterprise feature")).toBeVisible();
  await expect(page.getByLabel("Issuer URL")).toBeDisabled();

  // Enterprise through the local checkout.
  await page.goto(tenantUrl(slug, "/dashboard/billing"));
  await page.getByRole("button", { name: "Choose Enterprise" }).click();
  await page.getByRole("button", { name: "4242 4242 4242 4242" }).click();
  await page.getByRole("button", { name: /^Pay \$299/ }).click();
  await expect(page.getByTestId("current-plan")).toContainText("Enterprise");

  await page.goto(tenantUrl(slug, "/dashboard/settings"));
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Security" }).click();
  await expect(page).toHaveURL(tenantUrl(slug, "/dashboard/settings/security"));
  await expect(page.getByTestId("sso-callback-url")).toHaveText(apex("/auth/sso/callback"));

  // A wrong issuer is a form error (the discovery document names another issuer).
  await page.getByLabel("Issuer URL").fill(`${idp.issuer}/`);
  await page.getByLabel("Client ID").fill(idp.clientId);
  await page.getByLabel("Client secret").fill(idp.clientSecret);
  await page.getByRole("button", { name: "Save connection" }).click();
  await expect(page.getByText(/names its issuer .* enter exactly that/)).toBeVisible();
  await expect(page.getByLabel("Client ID")).toHaveValue(idp.clientId);
  await page.getByLabel("Issuer URL").fill(idp.issuer);
  await page.getByRole("button", { name: "Save connection" }).click();
  await expect(page.getByText("Single sign-on saved")).toBeVisible();
  await expect(page.getByLabel("Client secret")).toHaveAttribute("placeholder", /^Set/);
  await expect(page.getByLabel("Client secret")).toHaveValue("");

  // The email domain, proven through DNS.
  await page.getByLabel("Domain", { exact: true }).fill(domain);
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(page.getByText("Waiting for DNS")).toBeVisible();
  const txtValue = (await page.getByTestId("sso-txt-value").textContent())!.trim();
  publishTxt(`_atrium-challenge.${domain}`, null);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText(`No TXT record found at _atrium-challenge.${domain}`).first()).toBeVisible();
  publishTxt(`_atrium-challenge.${domain}`, txtValue);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("Verified", { exact: true })).toBeVisible();
  await snap(page, "sso-10-security-settings");
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, "sso-11-security-settings-phone");
  await page.setViewportSize({ width: 1280, height: 800 });

  // A new person signs in through the provider and lands in the workspace as a member.
  const pat = `pat-${id}@${domain}`;
  const patContext = await browser.newContext();
  const patPage = await patContext.newPage();
  const callbackUrls: string[] = [];
  patPage.on("request", (request) => {
    if (request.url().startsWith(apex("/auth/sso/callback"))) callbackUrls.push(request.url());
  });
  await patPage.goto(apex("/sign-in"));
  await patPage.getByRole("button", { name: "Continue with single sign-on" }).click();
  await patPage.getByLabel("Work email for single sign-on").fill(`nobody@unknown-${id}.example`);
  await patPage.getByRole("button", { name: "Continue with single sign-on" }).click();
  await expect(patPage.getByText("Single sign-on is not set up for that email address.")).toBeVisible();
  await patPage.setViewportSize({ width: 390, height: 844 });
  await snap(patPage, "sso-20-sign-in-phone");
  await patPage.getByLabel("Work email for single sign-on").fill(pat);
  await patPage.getByRole("button", { name: "Continue with single sign-on" }).click();
  await loginAtProvider(patPage, pat);
  await expect(patPage).toHaveURL(tenantUrl(slug, "/dashboard"));
  await snap(patPage, "sso-21-landed-phone");
  await patPage.setViewportSize({ width: 1280, height: 800 });
  await expect(patPage.getByText(pat).first()).toBeVisible();
  await patPage.getByRole("link", { name: "Members" }).first().click();
  await expect(patPage.getByText(pat).first()).toBeVisible();

  await patContext.close();

  // The provider's redirect replayed (a leaked or logged URL) in another browser: a clear message, not an error page.
  expect(callbackUrls).toHaveLength(1);
  const replayContext = await browser.newContext();
  const replayPage = await replayContext.newPage();
  const response = await replayPage.goto(callbackUrls[0]!);
  expect(response?.status()).toBe(200);
  await expect(replayPage).toHaveURL(apex("/sign-in?sso_error=expired"));
  await expect(replayPage.getByText("That single sign-on attempt has expired or was already used.")).toBeVisible();
  await replayContext.close();

  // A password-only member with an address in the verified domain (enforcement covers exactly
  // those), then enforcement with the owner as break-glass account.
  const max = `max-${id}@${domain}`;
  const maxContext = await browser.newContext();
  const maxPage = await maxContext.newPage();
  await signUp(maxPage, { name: "Max Member", email: max, password: "a long enough password" });
  await inWorkspace(slug, async (tx, tenantId) => {
    const [user] = await withE2eDatabase((sql) => sql<{ id: string }[]>`select id from users where email = ${max}`);
    await tx`insert into memberships (tenant_id, user_id, role) values (${tenantId}, ${user!.id}, 'member')`;
  });
  await maxPage.goto(tenantUrl(slug, "/dashboard"));
  await maxPage.getByLabel("Email").fill(max);
  await maxPage.getByLabel("Password").fill("a long enough password");
  await maxPage.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(maxPage).toHaveURL(tenantUrl(slug, "/dashboard"));

  await page.getByLabel("Require single sign-on for everyone else").check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Choose the owner who may still sign in with a password.")).toBeVisible();
  await page.getByLabel("Break-glass owner").selectOption({ label: `Olga Owner (olga-${id}@example.test)` });
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Single sign-on is now required")).toBeVisible();
  // The break-glass owner keeps the dashboard with a password session.
  await page.reload();
  await expect(page.getByLabel("Require single sign-on for everyone else")).toBeChecked();

  // Max's password session no longer opens the workspace: off to the provider, then back in.
  await maxPage.goto(tenantUrl(slug, "/dashboard/members"));
  await loginAtProvider(maxPage, max);
  await expect(maxPage).toHaveURL(tenantUrl(slug, "/dashboard/members"));
  await expect(maxPage.getByRole("heading", { name: "Members" }).first()).toBeVisible();
  await maxContext.close();

  await page.goto(tenantUrl(slug, "/dashboard/audit"));
  await expect(page.getByText(`Set up single sign-on with ${idp.issuer} (new members join as member)`)).toBeVisible();
  await expect(page.getByText(`Verified the email domain ${domain}`)).toBeVisible();
  await expect(page.getByText("Required single sign-on for everyone but the break-glass owner")).toBeVisible();
  await expect(page.getByText(`Added ${pat} as member`)).toBeVisible();
});
