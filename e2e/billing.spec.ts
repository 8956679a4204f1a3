import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { createWorkspace, inWorkspace, signUp, snap, tenantUrl, uniqueId } from "./helpers";

test("upgrade a trial workspace to Pro through the local checkout; a declined card changes nothing", async ({ page }) => {
  const id = uniqueId();
  await signUp(page, { name: "Bea Billing", email: `bea-${id}@example.test`, password: "a long enough password" });
  await createWorkspace(page, `Billing ${id}`);

  await page.getByRole("link", { name: "Billing" }).click();
  await expect(page.getByTestId("current-plan")).toContainText("Pro trial");
  await expect(page.getByText("14 days left in your trial")).toBeVisible();
  await expect(page.getByText("No invoices yet")).toBeVisible();
  await snap(page, "20-billing-trial");

  // Declined card: a clear error, and nothing changes.
  await page.getByRole("button", { name: "Choose Pro" }).click();
  await expect(page).toHaveURL(/\/dashboard\/billing\/checkout\/[0-9a-f-]{36}$/);
  await page.getByLabel("Card number").fill("4000 0000 0000 0002");
  await page.getByRole("button", { name: /^Pay \$99/ }).click();
  await expect(page.getByText("Your card was declined. Nothing was charged; try another card.")).toBeVisible();
  await expect(page.getByLabel("Card number")).toHaveValue("4000 0000 0000 0002");
  await snap(page, "21-checkout-declined");
  await page.getByRole("link", { name: "Cancel and go back" }).click();
  await expect(page.getByText("Checkout was cancelled; nothing was charged.")).toBeVisible();
  await expect(page.getByTestId("current-plan")).toContainText("Pro trial");
  await expect(page.getByText("No invoices yet")).toBeVisible();

  // Success card: Pro, active, one paid invoice.
  await page.getByRole("radio", { name: /Yearly/ }).click();
  await page.getByRole("radio", { name: "Monthly" }).click();
  await page.getByRole("button", { name: "Choose Pro" }).click();
  await page.getByRole("button", { name: "4242 4242 4242 4242" }).click();
  await page.getByRole("button", { name: /^Pay \$99/ }).click();
  await expect(page).toHaveURL(/\/dashboard\/billing\?checkout=success$/);
  await expect(page.getByText("Payment confirmed")).toBeVisible();
  // Back does not lead to the paid checkout's form (it was replaced in the history), and forward
  // returns here.
  await page.goBack();
  await expect(page).not.toHaveURL(/\/checkout\//);
  await expect(page.getByRole("button", { name: /^Pay \$99/ })).toHaveCount(0);
  await page.goForward();
  await expect(page).toHaveURL(/\/dashboard\/billing\?checkout=success$/);
  await expect(page.getByTestId("current-plan")).toContainText("Pro");
  await expect(page.getByTestId("current-plan")).toContainText("Active");
  await expect(page.getByRole("cell", { name: "$99" })).toBeVisible();
  await expect(page.getByText(/Next invoice: \$99 on/)).toBeVisible();
  // The offline invoice downloads as a PDF with its figures.
  const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /as PDF$/ }).first().click()]);
  expect(pdf.suggestedFilename()).toMatch(/^invoice-billing-.*\.pdf$/);
  const bytes = await readFile(await pdf.path());
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  // An invoice id PostgreSQL cannot store, or one that does not exist: not found, never a 500.
  for (const bad of ["%00", "no-such-invoice"]) {
    expect(await page.evaluate(async (id) => (await fetch(`/dashboard/billing/invoices/${id}`)).status, bad), bad).toBe(404);
  }
  await snap(page, "22-billing-pro");

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByText("Plan changed from no plan to Pro")).toBeVisible();
  await expect(page.getByText("Workspace status changed from trialing to active (subscription active)")).toBeVisible();
  await expect(page.getByText("Invoice paid: $99")).toBeVisible();
  await snap(page, "23-audit-billing");

  // Upgrade again with proration: Enterprise, confirmed in a dialog that shows the difference.
  await page.getByRole("link", { name: "Billing" }).click();
  await page.getByRole("button", { name: "Upgrade to Enterprise" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("You pay $200/month more");
  await page.getByRole("alertdialog").getByRole("button", { name: "Switch to Enterprise" }).click();
  await expect(page.getByTestId("current-plan")).toContainText("Enterprise");
  await snap(page, "24-billing-enterprise");
});

test("two tabs: only the newest checkout can be paid, so a workspace never pays twice", async ({ page, context, browser }) => {
  const id = uniqueId();
  await signUp(page, { name: "Tabby Tabs", email: `tabby-${id}@example.test`, password: "a long enough password" });
  await createWorkspace(page, `Tabs ${id}`);
  await page.getByRole("link", { name: "Billing" }).click();
  await expect(page).toHaveURL(/\/dashboard\/billing$/);
  // The second tab in another window of the same person (its own browser context, same cookies):
  // tabs of one window hear each other's changes and refresh, and this is about the page that did not.
  const secondWindow = await browser.newContext({ storageState: await context.storageState() });
  const second = await secondWindow.newPage();
  await second.goto(page.url());

  await page.getByRole("button", { name: "Choose Pro" }).click();
  await expect(page).toHaveURL(/\/dashboard\/billing\/checkout\//);
  // Starter is below the trial's Pro: asked first, with what changes.
  await second.getByRole("button", { name: "Choose Starter" }).click();
  const confirm = second.getByRole("alertdialog", { name: "Choose Starter instead of Pro?" });
  await expect(confirm).toContainText("moves to Starter and its lower limits");
  await confirm.getByRole("button", { name: "Continue with Starter" }).click();
  await expect(second).toHaveURL(/\/dashboard\/billing\/checkout\//);

  // The first tab's checkout was replaced by the second one: paying it is refused, nothing charged.
  await page.getByRole("button", { name: "4242 4242 4242 4242" }).click();
  await page.getByRole("button", { name: /^Pay \$99/ }).click();
  await expect(page.getByText(/no longer valid.*Nothing was charged/)).toBeVisible();
  await snap(page, "26-checkout-replaced");
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, "26b-checkout-replaced-390px");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 720 });

  await second.getByRole("button", { name: "4242 4242 4242 4242" }).click();
  await second.getByRole("button", { name: /^Pay \$29/ }).click();
  await expect(second.getByText("Payment confirmed")).toBeVisible();
  await expect(second.getByTestId("current-plan")).toContainText("Starter");

  // The stale first tab, reloaded, shows the checkout cannot be paid; Billing shows one invoice.
  await page.reload();
  await expect(page.getByText("This checkout can no longer be paid")).toBeVisible();
  await page.getByRole("link", { name: "Back to Billing" }).click();
  await expect(page.getByTestId("current-plan")).toContainText("Starter");
  await expect(page.getByRole("cell", { name: "$29" })).toHaveCount(1);
  await secondWindow.close();
});

test("the pricing page compares plans and leads to sign-up", async ({ page }) => {
  await page.goto("/pricing");
  await expect(page.getByRole("heading", { name: "Simple, predictable pricing" })).toBeVisible();
  await expect(page.getByText("$99")).toBeVisible();
  await page.getByRole("radio", { name: /Yearly/ }).click();
  await expect(page.getByText("$990")).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "Single sign-on (SSO)" })).toBeVisible();
  await page.getByText("How does the trial work?").click();
  await expect(page.getByText(/Every new workspace gets 14 days of Pro/)).toBeVisible();
  await snap(page, "25-pricing");
  // Every trial is Pro's, whichever card it starts from, and the buttons say so.
  await expect(page.getByRole("link", { name: "Start free with Pro" })).toHaveCount(2);
  await expect(page.getByText("14 days of Pro, then choose Starter (or any plan).")).toBeVisible();
  // Enterprise lists its one SLA: the higher.
  await expect(page.getByRole("list", { name: "Enterprise includes" })).toContainText("99.99% uptime SLA");
  await expect(page.getByRole("list", { name: "Enterprise includes" })).not.toContainText("99.9% uptime SLA");
  await page.getByRole("link", { name: "Start free trial" }).first().click();
  await expect(page).toHaveURL(/\/sign-up$/);
});

test("a signed-in owner goes from the pricing page straight to checkout", async ({ page }) => {
  await page.goto("/sign-in?next=/workspaces");
  await page.getByLabel("Email").fill("grace@globex.test");
  await page.getByLabel("Password").fill("atrium-demo-1234");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/:\d+\/workspaces$/);
  await page.goto("/pricing");
  await page.getByRole("radio", { name: /Yearly/ }).click();
  await page.getByRole("button", { name: "Choose Starter" }).click();
  await expect(page).toHaveURL(/globex\.localhost:\d+\/dashboard\/billing\/checkout\/[0-9a-f-]{36}$/);
  await expect(page.getByText("Starter · $290 / year")).toBeVisible();
});

test("plan cards explain: limits and features on each, and Starter is out of reach while the team is bigger than it allows", async ({ page }) => {
  const id = uniqueId();
  await signUp(page, { name: "Dana Downgrade", email: `dana-${id}@example.test`, password: "a long enough password" });
  const slug = await createWorkspace(page, `Team of six ${id}`);
  await page.goto(tenantUrl(slug, "/dashboard/billing"));
  const starter = page.getByRole("list", { name: "Starter includes" });
  await expect(starter).toContainText("5 members");
  await expect(starter).toContainText("10,000 usage units a month");
  await expect(page.getByRole("list", { name: "Pro includes" })).toContainText("then $1.00 per 1,000");
  // One SLA per plan: its highest.
  await expect(page.getByRole("list", { name: "Enterprise includes" })).toContainText("99.99 % uptime SLA");
  await expect(page.getByRole("list", { name: "Enterprise includes" })).not.toContainText("99.9 % uptime SLA");

  // Five more members: six, over Starter's five.
  await inWorkspace(slug, async (tx, tenantId) => {
    for (let n = 1; n <= 5; n++) {
      const [user] = await tx<{ id: string }[]>`insert into users (email, name, password_hash, email_verified_at) values (${`m${n}-${id}@example.test`}, ${`Member ${n}`}, 'not-a-usable-hash', now()) returning id`;
      await tx`insert into memberships (tenant_id, user_id, role) values (${tenantId}, ${user!.id}, 'member')`;
    }
  });
  await page.reload();
  await expect(page.getByTestId("does-not-fit-starter")).toContainText("6 members in use, Starter allows 5: remove 1 first");
  await expect(page.getByRole("button", { name: "Choose Starter" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Choose Pro" })).toBeEnabled();
  await snap(page, "29-billing-does-not-fit");
});
