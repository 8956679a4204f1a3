import { expect, type Page } from "@playwright/test";
import postgres from "postgres";
import { EMBEDDED_PASSWORDS } from "../scripts/lib/database";
import { mkdirSync } from "node:fs";
import path from "node:path";

export const ROOT = process.env.E2E_BASE_URL ? new URL(process.env.E2E_BASE_URL).host : `localhost:${process.env.E2E_PORT ?? 3100}`;
export const apex = (p = "/") => `http://${ROOT}${p}`;
export const tenantUrl = (slug: string, p = "/") => `http://${slug}.${ROOT}${p}`;

/** Every dashboard page an owner of a new (Pro trial) workspace can open, for the checks that visit them all. */
export const DASHBOARD_PAGES = [
  "/dashboard",
  "/dashboard/onboarding",
  "/dashboard/members",
  "/dashboard/usage",
  "/dashboard/insights",
  "/dashboard/api-keys",
  "/dashboard/api-reference",
  "/dashboard/billing",
  "/dashboard/settings",
  "/dashboard/settings/domains",
  "/dashboard/settings/webhooks",
  "/dashboard/settings/security",
  "/dashboard/settings/data",
  "/dashboard/audit",
  "/dashboard/sla",
];

/** Signs the seeded owner (alice@acme.test) in and opens Acme's dashboard; `root` is another server's host. */
export async function openAcmeDashboard(page: Page, root = ROOT): Promise<string> {
  // To the list explicitly: sign-in would otherwise land in the workspace Alice used last.
  await page.goto(`http://${root}/sign-in?next=/workspaces`);
  await page.getByLabel("Email").fill("alice@acme.test");
  await page.getByLabel("Password").fill("atrium-demo-1234");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(`http://${root}/workspaces`);
  await page.getByRole("button", { name: "Open Acme Inc." }).click();
  const dashboard = `http://acme.${root}/dashboard`;
  await expect(page).toHaveURL(dashboard);
  return dashboard;
}

/** Unique per run and worker, so specs never collide on emails or slugs. */
export function uniqueId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

const ARTIFACTS = path.resolve("e2e/artifacts");

export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Every message next-intl reports missing or broken on the console (it shows the key instead): none may be. */
export function watchMissingMessages(page: Page): string[] {
  const missing: string[] = [];
  page.on("console", (message) => {
    if (/MISSING_MESSAGE|INSUFFICIENT_PATH|INVALID_MESSAGE|FORMATTING_ERROR|No intl context/.test(message.text())) missing.push(message.text());
  });
  return missing;
}

/** Every CSP violation the page reports (the DOM event) or logs (the console). */
export function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(message.text())) violations.push(message.text());
  });
  void page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`Refused to execute (CSP): ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return violations;
}

/** Signs up through the form, then (unless `verify: false`) confirms the address with the emailed link and opens /new. */
export async function signUp(page: Page, person: { name: string; email: string; password: string }, { verify = true } = {}): Promise<void> {
  await page.goto(apex("/sign-up"));
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Work email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(apex("/check-email"));
  if (verify) {
    await page.goto(await emailLink(person.email, "verify-email"));
    await expect(page.getByText(`${person.email.toLowerCase()} is confirmed`)).toBeVisible();
    await page.goto(apex("/new"));
  }
}

/**
 * The newest link of that kind (`/verify-email/…`, `/reset-password/…`, `/magic-link/…`) in the
 * email to `to`, read from the outbox of the test server's database: it exists nowhere else.
 */
export async function emailLink(to: string, kind: "verify-email" | "reset-password" | "magic-link" | "confirm-email" | "invite"): Promise<string> {
  const pattern = new RegExp(`https?://[^\\s]+/${kind}/[A-Za-z0-9_-]{43}`);
  for (let attempt = 0; attempt < 20; attempt++) {
    const rows = await withE2eDatabase((sql) => sql<{ body_text: string }[]>`select body_text from email_outbox where to_address = ${to.toLowerCase()} order by created_at desc limit 20`);
    for (const row of rows) {
      const match = pattern.exec(row.body_text);
      if (match) return match[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no ${kind} link in the email to ${to}`);
}

/** Creates a workspace; lands in its guided setup, then (unless `stayInSetup`) leaves it for the Overview. */
export async function createWorkspace(page: Page, name: string, { stayInSetup = false } = {}): Promise<string> {
  await page.getByLabel("Workspace name").fill(name);
  await expect(page.getByText("Available")).toBeVisible();
  const slug = await page.getByLabel("Address").inputValue();
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(tenantUrl(slug, "/dashboard/onboarding"));
  if (!stayInSetup) {
    await page.getByRole("link", { name: /Finish later/ }).click();
    await expect(page).toHaveURL(tenantUrl(slug, "/dashboard"));
  }
  return slug;
}

/**
 * A connection to the test server's embedded database as the app's role (the launcher's local
 * credentials; E2E_PG_PORT when pointing elsewhere), for what a browser cannot reach: an email's
 * link, a change made by an operator or the sweep.
 */
export async function withE2eDatabase<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(`postgres://atrium_app:${EMBEDDED_PASSWORDS.app}@127.0.0.1:${process.env.E2E_PG_PORT ?? 54339}/atrium`, { max: 1 });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

/** A transaction scoped to one workspace (row-level security as the app sees it). */
export function inWorkspace<T>(slug: string, fn: (tx: postgres.TransactionSql, tenantId: string) => Promise<T>): Promise<T> {
  return withE2eDatabase((sql) =>
    sql.begin(async (tx) => {
      const [tenant] = await tx<{ id: string }[]>`select id from atrium_tenant_by_slug(${slug})`;
      await tx`select set_config('app.tenant_id', ${tenant!.id}, true)`;
      return fn(tx, tenant!.id);
    }) as Promise<T>,
  );
}
