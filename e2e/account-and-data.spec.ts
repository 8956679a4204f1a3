import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { apex, createWorkspace, signUp, snap, uniqueId } from "./helpers";

test("an owner exports the workspace in the background and downloads the JSON", async ({ page }) => {
  const id = uniqueId();
  const email = `exa-${id}@example.test`;
  await signUp(page, { name: "Ex Porter", email, password: "a long enough password" });
  await createWorkspace(page, `Export ${id}`);
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: "Data export" }).click();
  await page.getByRole("button", { name: "Start export" }).click();
  const download = page.getByRole("link", { name: "Download JSON" });
  await expect(download).toBeVisible();
  await snap(page, "80-workspace-export-ready");
  const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
  const data = JSON.parse(readFileSync((await file.path())!, "utf8"));
  expect(data.format).toBe("atrium-workspace-export");
  expect(data.members).toEqual([expect.objectContaining({ email, role: "owner" })]);
  expect(data.auditLog.map((e: { action: string }) => e.action)).toContain("workspace.export_requested");

  // The sole owner cannot delete their account; the page says what to do.
  await page.goto(apex("/account"));
  await expect(page.getByText("You are the only owner of a workspace")).toBeVisible();
  await expect(page.getByText(`Export ${id}`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete my account" })).toBeDisabled();
  await snap(page, "81-account-blocked");
});

test("a person without workspaces downloads their data and deletes their account", async ({ page }) => {
  const id = uniqueId();
  const email = `gone-${id}@example.test`;
  await signUp(page, { name: "Gia Gone", email, password: "a long enough password" });
  await page.goto(apex("/account"));
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download my data" }).click()]);
  expect(JSON.parse(readFileSync((await file.path())!, "utf8")).account).toMatchObject({ email, name: "Gia Gone" });

  await page.getByLabel("Your password").fill("not my password");
  await page.getByLabel(/to confirm/).fill("DELETE");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByText("That password is not correct.")).toBeVisible();
  await page.getByLabel("Your password").fill("a long enough password");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(apex("/?accountDeleted=1"));
  await expect(page.getByText("Your account has been deleted")).toBeVisible();
  await snap(page, "82-account-deleted");

  await page.goto(apex("/sign-in"));
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("Incorrect email or password.")).toBeVisible();
});
