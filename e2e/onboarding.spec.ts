import { expect, test } from "@playwright/test";
import { createWorkspace, signUp, snap, tenantUrl, uniqueId } from "./helpers";

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#7c2d12"/><circle cx="32" cy="32" r="16" fill="#fde68a"/></svg>`;
const HOSTILE = `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>`;

test("onboarding from start to finish: details, branding with a logo, leave and resume, team, plan, first API key", async ({ page }) => {
  const id = uniqueId();
  await signUp(page, { name: "Nora New", email: `nora-${id}@example.test`, password: "a long enough password" });
  // A name that gives no address (emoji only) says so at once, and the button waits for one.
  await page.getByLabel("Workspace name").fill("🚀🚀🚀");
  await expect(page.getByText(/has no letters or digits to make an address from/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Create workspace" })).toBeDisabled();
  await page.getByLabel("Workspace name").fill("");
  const slug = await createWorkspace(page, `Nimbus ${id}`, { stayInSetup: true });

  // 1) Details
  await expect(page.getByRole("heading", { name: "Workspace details" })).toBeVisible();
  await expect(page.getByText("Step 1 of 5")).toBeVisible();
  // The name was given on /new: shown here, not asked twice.
  await expect(page.getByTestId("onboarding-name")).toContainText(`Nimbus ${id}`);
  await expect(page.getByLabel("Workspace name")).toHaveCount(0);
  await page.getByLabel("Public page description (optional)").fill("Cloud tools for careful teams.");
  await snap(page, "60-onboarding-1-details");
  await page.getByRole("button", { name: "Save and continue" }).click();

  // 2) Branding: a hostile SVG is refused with a reason, a real logo and a colour are saved.
  await expect(page.getByRole("heading", { name: "Branding", exact: true })).toBeVisible();
  await page.locator("#logo-file").setInputFiles({ name: "evil.svg", mimeType: "image/svg+xml", buffer: Buffer.from(HOSTILE) });
  await expect(page.getByText(/contains a <script> element/)).toBeVisible();
  await page.locator("#logo-file").setInputFiles({ name: "logo.svg", mimeType: "image/svg+xml", buffer: Buffer.from(LOGO) });
  await expect(page.getByText("Logo updated").first()).toBeVisible();
  await expect(page.getByRole("img", { name: `Nimbus ${id} logo` }).first()).toBeVisible();
  await page.getByLabel("Brand colour").fill("#7c2d12");
  await snap(page, "61-onboarding-2-branding");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("heading", { name: "Invite your team" })).toBeVisible();

  // Leave in the middle and come back: the Overview offers to continue at the same step.
  await page.getByRole("link", { name: /Finish later/ }).click();
  await expect(page).toHaveURL(tenantUrl(slug, "/dashboard"));
  // One account of the progress: the checklist (the brand colour is done), with the next thing to do.
  await expect(page.getByRole("heading", { name: /Get set up \(1 of 4 done\)/ })).toBeVisible();
  await expect(page.getByTestId("setup-card")).toContainText("Next: Invite your team");
  await snap(page, "62-onboarding-resume-on-overview");
  await page.goto(tenantUrl(slug, "/dashboard/onboarding"));
  await expect(page.getByRole("heading", { name: "Invite your team" })).toBeVisible();

  // 3) Team
  await page.getByLabel("Email").fill(`pat-${id}@example.test`);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("Invitation sent").first()).toBeVisible();
  await snap(page, "63-onboarding-3-team");
  await page.getByRole("button", { name: "Continue", exact: true }).click();

  // 4) Plan: the plans are in the step; staying on the trial is the other choice.
  await expect(page.getByRole("heading", { name: "Choose a plan" })).toBeVisible();
  await expect(page.getByText(/free trial of/)).toBeVisible();
  await expect(page.getByTestId("onboarding-plans").getByRole("button", { name: "Choose Pro" })).toBeVisible();
  await snap(page, "64-onboarding-4-plan");
  await page.getByRole("button", { name: "Stay on the trial and continue" }).click();

  // 5) First API key, with a request ready to paste.
  await expect(page.getByRole("heading", { name: "First API key" })).toBeVisible();
  await page.getByLabel("Name").fill("Production backend");
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = await page.getByTestId("api-key-secret").textContent();
  expect(secret).toMatch(/^atr_live_/);
  await expect(page.getByTestId("curl-example")).toContainText(`Authorization: Bearer ${secret}`);
  await snap(page, "65-onboarding-5-api-key");
  await page.getByRole("button", { name: "Finish setup" }).click();

  await expect(page).toHaveURL(tenantUrl(slug, "/dashboard?setup=done"));
  await expect(page.getByText("Your workspace is set up")).toBeVisible();
  // A finished setup shows no checklist any more.
  await expect(page.getByTestId("setup-card")).toHaveCount(0);
  await snap(page, "66-onboarding-done");

  // Coming back to the setup after finishing goes to the Overview.
  await page.goto(tenantUrl(slug, "/dashboard/onboarding"));
  await expect(page).toHaveURL(tenantUrl(slug, "/dashboard"));

  // The public page shows the logo, the colour and the description.
  await page.goto(tenantUrl(slug, "/"));
  const logo = page.getByRole("img", { name: `Nimbus ${id} logo` }).first();
  await expect(logo).toBeVisible();
  expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(page.getByTestId("brand-tile")).toHaveCSS("background-color", "rgb(124, 45, 18)");
  await expect(page.getByTestId("brand-cta")).toHaveCSS("background-color", "rgb(124, 45, 18)");
  await expect(page.getByText("Cloud tools for careful teams.")).toBeVisible();
  await snap(page, "67-public-page-logo-and-colour");

  // The logo is served so that an SVG cannot run anything.
  const src = (await logo.getAttribute("src"))!;
  const csp = await page.evaluate(async (url) => (await fetch(url)).headers.get("content-security-policy"), src);
  expect(csp).toContain("sandbox");
});

test("choosing a plan in step 4 goes through checkout and comes back to step 5", async ({ page }) => {
  const id = uniqueId();
  await signUp(page, { name: "Piet Plan", email: `piet-${id}@example.test`, password: "a long enough password" });
  const slug = await createWorkspace(page, `Planned ${id}`, { stayInSetup: true });
  // Steps 1 to 3 as they come.
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("heading", { name: "Branding", exact: true })).toBeVisible();
  await page.getByRole("button", { name: /^Skip/ }).click();
  await expect(page.getByRole("heading", { name: "Invite your team" })).toBeVisible();
  await page.getByRole("button", { name: /^Skip/ }).click();

  await expect(page.getByRole("heading", { name: "Choose a plan" })).toBeVisible();
  await page.getByTestId("onboarding-plans").getByRole("button", { name: "Choose Pro" }).click();
  await expect(page).toHaveURL(/\/dashboard\/billing\/checkout\/[0-9a-f-]{36}\?return=onboarding$/);
  await page.getByRole("button", { name: "4242 4242 4242 4242" }).click();
  await page.getByRole("button", { name: /^Pay \$99/ }).click();

  await expect(page).toHaveURL(tenantUrl(slug, "/dashboard/onboarding?checkout=success"));
  await expect(page.getByText("Payment received")).toBeVisible();
  await expect(page.getByRole("heading", { name: "First API key" })).toBeVisible();
  await expect(page.getByText("Step 5 of 5")).toBeVisible();
  await page.getByRole("button", { name: "Finish setup" }).click();
  await expect(page).toHaveURL(tenantUrl(slug, "/dashboard?setup=done"));
  await page.goto(tenantUrl(slug, "/dashboard/billing"));
  await expect(page.getByTestId("current-plan")).toContainText("Pro");
  await expect(page.getByTestId("current-plan")).toContainText("Active");
});
