import { expect, test } from "@playwright/test";
import { apex, createWorkspace, signUp, snap, tenantUrl, uniqueId } from "./helpers";

// Issue 17, billing that explains: the billing email and tax ID are checked as typed, kept, and
// printed on the invoice; offline, the test card a checkout was paid with shows as the saved card.

test("billing details: clear errors that keep what was typed, saved values come back, and the saved test card is shown", async ({ page }) => {
  const id = uniqueId();
  await signUp(page, { name: "Tao Tax", email: `tao-${id}@example.test`, password: "a long enough password" });
  const slug = await createWorkspace(page, `Taxed ${id}`);
  await page.goto(tenantUrl(slug, "/dashboard/billing"));
  const form = page.getByRole("form", { name: "Billing details" });
  const save = form.getByRole("button", { name: "Save billing details" });
  await expect(save).toBeDisabled();
  await expect(page.getByText("No card saved yet")).toBeVisible();

  // A number with no kind, then a number of the wrong shape: each error under its field, the input kept.
  await form.getByLabel("Billing email").fill("Accounts@Example.TEST");
  await form.getByLabel("Tax ID", { exact: true }).fill("de 123 456 789");
  await save.click();
  await expect(form.getByText("Choose the kind of tax ID.")).toBeVisible();
  await expect(form.getByLabel("Tax ID kind")).toHaveAttribute("aria-invalid", "true");
  await form.getByLabel("Tax ID kind").selectOption({ label: "UK VAT number" });
  await save.click();
  await expect(form.getByText("That does not look like a UK VAT number (for example GB123456789).")).toBeVisible();
  await expect(form.getByLabel("Tax ID", { exact: true })).toHaveValue("de 123 456 789");
  await snap(page, "billing-details-error");

  await form.getByLabel("Tax ID kind").selectOption({ label: "EU VAT number" });
  await save.click();
  await expect(page.getByText("Billing details saved")).toBeVisible();
  await page.reload();
  await expect(form.getByLabel("Billing email")).toHaveValue("accounts@example.test");
  await expect(form.getByLabel("Tax ID kind")).toHaveValue("eu_vat");
  await expect(form.getByLabel("Tax ID", { exact: true })).toHaveValue("DE123456789");
  await expect(save).toBeDisabled();

  // Pay with the card that fails renewals: it is the card kept for them.
  await page.getByRole("button", { name: "Choose Pro" }).click();
  await page.getByRole("button", { name: "4000 0000 0000 0341" }).click();
  await page.getByRole("button", { name: /^Pay \$99/ }).click();
  await expect(page).toHaveURL(/\/dashboard\/billing\?checkout=success$/);
  await expect(page.getByTestId("saved-card")).toContainText("Test card ending in 0341");
  await expect(page.getByTestId("saved-card")).toContainText("Succeeds now, fails later renewals");

  // "Manage payment methods" offline lands on that card.
  await page.getByRole("button", { name: /Manage payment methods|Payment methods/ }).click();
  await expect(page).toHaveURL(/portal=local#payment-method$/);
  await expect(page.getByRole("heading", { name: "Payment method" })).toBeVisible();
  await snap(page, "billing-details-saved-card");

  await page.goto(tenantUrl(slug, "/dashboard/audit"));
  await expect(page.getByText("Updated the billing email and tax ID")).toBeVisible();
});

test("euros: the pricing page shows them, a workspace chooses them before paying, and then they are fixed", async ({ page }) => {
  await page.goto(apex("/pricing"));
  const currency = page.getByRole("radiogroup", { name: "Currency" });
  await currency.getByRole("radio", { name: "EUR" }).click();
  await expect(page.getByText("€89/month", { exact: true })).toBeVisible();
  await expect(page.getByText("$99/month", { exact: true })).toHaveCount(0);

  const id = uniqueId();
  await signUp(page, { name: "Eva Euro", email: `eva-${id}@example.test`, password: "a long enough password" });
  const slug = await createWorkspace(page, `Euro ${id}`);
  await page.goto(tenantUrl(slug, "/dashboard/billing"));
  const choice = page.getByRole("radiogroup", { name: "Billing currency" });
  await expect(choice.getByRole("radio", { name: "USD" })).toHaveAttribute("aria-checked", "true");
  await choice.getByRole("radio", { name: "EUR" }).click();
  await expect(page.getByText("Prices now in Euros (EUR)")).toBeVisible();
  await expect(choice.getByRole("radio", { name: "EUR" })).toHaveAttribute("aria-checked", "true");
  await expect(page.getByText("€89/month", { exact: true })).toBeVisible();
  await expect(page.getByText("then €0.90 per 1,000").first()).toBeVisible();

  await page.getByRole("button", { name: "Choose Pro" }).click();
  await page.getByRole("button", { name: "4242 4242 4242 4242" }).click();
  await page.getByRole("button", { name: /^Pay €89/ }).click();
  await expect(page).toHaveURL(/\/dashboard\/billing\?checkout=success$/);
  await expect(page.getByRole("cell", { name: "€89" })).toBeVisible();
  await expect(page.getByText(/Next invoice: €89 on/)).toBeVisible();
  await expect(page.getByText("Billed in Euros (EUR), set by the first subscription.")).toBeVisible();
  await expect(page.getByRole("radiogroup", { name: "Billing currency" })).toHaveCount(0);
  await snap(page, "billing-euros");
});
