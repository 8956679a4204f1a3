import { expect, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import path from "node:path";

export const ROOT = process.env.E2E_BASE_URL ? new URL(process.env.E2E_BASE_URL).host : `localhost:${process.env.E2E_PORT ?? 3100}`;
export const apex = (p = "/") => `http://${ROOT}${p}`;
export const tenantUrl = (slug: string, p = "/") => `http://${slug}.${ROOT}${p}`;

/** Unique per run and worker, so specs never collide on emails or slugs. */
export function uniqueId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

const ARTIFACTS = path.resolve("e2e/artifacts");

export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export async function signUp(page: Page, person: { name: string; email: string; password: string }): Promise<void> {
  await page.goto(apex("/sign-up"));
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Work email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(apex("/new"));
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
