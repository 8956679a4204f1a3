import { expect, type Page } from "@playwright/test";
import postgres from "postgres";
import { Secret, TOTP } from "otpauth";

// Console specs run on their own server (own-server.ts): the operator enrols a second factor there,
// which would change the shared server's seeded operator.

const DEMO_PASSWORD = "atrium-demo-1234";

/** Fills and sends the sign-in form already on screen (wherever it was reached from). */
export async function fillDemoSignIn(page: Page, email: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Signs a demo person in on the apex of the server on `port`. */
export async function signInDemo(page: Page, port: number, email: string): Promise<void> {
  // The list, asked for: with no `next`, sign-in lands in the workspace used last.
  await page.goto(`http://localhost:${port}/sign-in?next=/workspaces`);
  await fillDemoSignIn(page, email);
  await expect(page).toHaveURL(`http://localhost:${port}/workspaces`);
}

/**
 * From the signed-in operator's workspace list: the console first asks for a second factor, so
 * this sets up an authenticator app, then opens the console (its Workspaces list).
 */
export async function enrolSecondFactorAndOpenConsole(page: Page, port: number): Promise<void> {
  await page.getByRole("button", { name: "Operator console" }).click();
  await expect(page).toHaveURL(`http://localhost:${port}/account#two-factor`);
  await enrolSecondFactor(page, port);
  await page.goto(`http://localhost:${port}/workspaces`);
  await page.getByRole("button", { name: "Operator console" }).click();
  await expect(page.getByRole("heading", { name: "Workspaces", exact: true, level: 1 })).toBeVisible();
}

/** Sets up an authenticator app for the signed-in demo person (the test computes the codes). */
export async function enrolSecondFactor(page: Page, port: number): Promise<void> {
  if (!page.url().startsWith(`http://localhost:${port}/account`)) await page.goto(`http://localhost:${port}/account#two-factor`);
  await page.getByLabel("Password to set up two-factor").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel("Code from the app").fill(new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" }).generate());
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("list", { name: "Recovery codes" })).toBeVisible();
}

/** The id of the workspace with this slug, read from an own server's database (`adminUrl`). */
export async function workspaceIdOf(adminUrl: string, slug: string): Promise<string> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [tenant] = await sql<{ id: string }[]>`select id from tenants where slug = ${slug}`;
    return tenant!.id;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
