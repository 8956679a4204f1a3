import { expect, test } from "@playwright/test";
import { createWorkspace, signUp, snap, tenantUrl, uniqueId, withE2eDatabase } from "./helpers";

// The invitation link exists only in the email; read it from the outbox of the test server's
// embedded database (the launcher's local credentials; E2E_PG_PORT when pointing elsewhere).
async function invitationLink(email: string): Promise<string> {
  return withE2eDatabase(async (sql) => {
    const [row] = await sql<{ body_text: string }[]>`select body_text from email_outbox where to_address = ${email} order by created_at desc limit 1`;
    const link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}/.exec(row?.body_text ?? "")?.[0];
    if (!link) throw new Error(`no invitation email for ${email}`);
    return link;
  });
}

test("an owner invites a teammate, who signs up on the way and joins with the right role", async ({ page, browser }) => {
  const id = uniqueId();
  await signUp(page, { name: "Owen Owner", email: `owen-${id}@example.test`, password: "a long enough password" });
  const slug = await createWorkspace(page, `Team ${id}`);
  await page.getByRole("link", { name: "Members" }).click();
  const teammate = `tia-${id}@example.test`;
  await page.getByLabel("Email").fill(teammate);
  await page.getByLabel("Role").selectOption("admin");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("Invitation sent").first()).toBeVisible();
  await expect(page.getByRole("cell", { name: teammate })).toBeVisible();
  await snap(page, "40-members-invited");

  const link = await invitationLink(teammate);
  const other = await browser.newContext();
  const tia = await other.newPage();
  await tia.goto(link);
  await expect(tia.getByRole("heading", { name: `Join Team ${id}` })).toBeVisible();
  await snap(tia, "41-invitation");
  await tia.getByRole("link", { name: "Create an account" }).click();
  await expect(tia.getByLabel("Work email")).toHaveValue(teammate);
  await tia.getByLabel("Your name").fill("Tia Teammate");
  await tia.getByLabel("Password").fill("another long password");
  // Creating the account from the link joins at once: no second click.
  await tia.getByRole("button", { name: "Create account" }).click();
  await expect(tia).toHaveURL(new RegExp(`^http://${slug}\\.localhost:\\d+/dashboard$`));
  await expect(tia.getByText("Your role: Admin.")).toBeVisible();
  await snap(tia, "42-teammate-joined");

  // The link was single-use: opened again by its member it leads into the workspace; anyone else
  // is told it was used.
  await tia.goto(link);
  await expect(tia).toHaveURL(new RegExp(`^http://${slug}\\.localhost:\\d+/dashboard$`));
  const outsider = await browser.newContext();
  try {
    const stranger = await outsider.newPage();
    await stranger.goto(link);
    await expect(stranger.getByText(/has already been used/)).toBeVisible();
  } finally {
    await outsider.close();
  }

  await page.reload();
  await expect(page.getByRole("cell", { name: "Tia Teammate", exact: true })).toBeVisible();
  await expect(page.getByText("No pending invitations.")).toBeVisible();
  // The role is shown once per row: as the select where it can be changed, as a badge where not.
  const tiaRole = page.getByRole("row", { name: /Tia Teammate/ }).getByLabel("Role of Tia Teammate");
  await expect(tiaRole).toHaveValue("admin");
  // A new role is confirmed first; cancelling keeps the old one.
  await tiaRole.selectOption("billing");
  const confirmRole = page.getByRole("alertdialog", { name: "Make Tia Teammate Billing?" });
  await expect(confirmRole).toBeVisible();
  await confirmRole.getByRole("button", { name: "Cancel" }).click();
  await expect(tiaRole).toHaveValue("admin");
  await tiaRole.selectOption("member");
  await page.getByRole("alertdialog", { name: "Make Tia Teammate Member?" }).getByRole("button", { name: "Change role" }).click();
  await expect(page.getByText("Role changed").first()).toBeVisible();
  await expect(tiaRole).toHaveValue("member");
  await tiaRole.selectOption("admin");
  await page.getByRole("alertdialog", { name: "Make Tia Teammate Admin?" }).getByRole("button", { name: "Change role" }).click();
  await expect(tiaRole).toHaveValue("admin");
  const ownRow = page.getByRole("row", { name: /Owen Owner/ });
  await expect(ownRow.getByRole("combobox")).toHaveCount(0);
  await expect(ownRow.getByText("Owner", { exact: true })).toBeVisible();

  // The only owner is told before anything happens why leaving would be refused.
  await page.getByRole("button", { name: "Leave workspace" }).click();
  const notice = page.getByRole("dialog", { name: "You are the only owner" });
  await expect(notice).toContainText("Make owner");
  await snap(page, "43-sole-owner-cannot-leave");
  await notice.getByRole("button", { name: "Got it" }).click();
  await expect(notice).toBeHidden();

  // The teammate may leave, after a confirmation, and lands on their list of workspaces.
  await tia.goto(tenantUrl(slug, "/dashboard/members"));
  await tia.getByRole("button", { name: "Leave workspace" }).click();
  const confirm = tia.getByRole("alertdialog", { name: `Leave Team ${id}?` });
  await confirm.getByRole("button", { name: "Leave workspace" }).click();
  await expect(tia).toHaveURL(/\/workspaces$/);
  await other.close();
  await page.reload();
  await expect(page.getByRole("cell", { name: "Tia Teammate", exact: true })).toHaveCount(0);
});
