import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { createWorkspace, signUp, snap, uniqueId } from "./helpers";

// Issue 15: an owner adds a webhook endpoint (a receiver this spec runs on 127.0.0.1, allow-listed
// by WEBHOOK_ALLOWED_HOSTS in playwright.config.ts), sees its secret once, sees deliveries in the
// log (each verified with the reference library) and resends one.

type Received = { headers: IncomingHttpHeaders; body: string };

test("webhooks: create an endpoint, see the secret once, deliveries in the log, resend, edit", async ({ page }) => {
  const received: Received[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "text/plain" }).end("thanks");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/atrium`;

  try {
    const id = uniqueId();
    await signUp(page, { name: "Wes Webhooks", email: `wes-${id}@example.test`, password: "a long enough password" });
    await createWorkspace(page, `Hooks ${id}`);
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByText("No webhook endpoints")).toBeVisible();

    // A private address is refused with a readable message.
    await page.getByLabel("Endpoint URL").fill("https://10.0.0.1/hooks");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText(/private or reserved network address/)).toBeVisible();

    await page.getByLabel("Endpoint URL").fill(receiverUrl);
    await page.getByLabel("Description (optional)").fill("Receiver of the e2e spec");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = (await page.getByTestId("webhook-secret").textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await snap(page, "90-webhook-secret-once");
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.getByTestId("webhook-secret")).toHaveCount(0);
    const endpoint = page.getByTestId("webhook-endpoint");
    await expect(endpoint).toContainText(receiverUrl);
    await expect(endpoint).toContainText("All events");

    // A test event: delivered by the background job, signed, logged.
    await endpoint.getByRole("button", { name: "Send test event" }).click();
    await expect(endpoint.getByTestId("webhook-delivery").first()).toContainText("Delivered", { timeout: 20_000 });
    await expect.poll(() => received.length).toBeGreaterThanOrEqual(1);
    const first = received[0]!;
    const payload = new Webhook(secret).verify(first.body, first.headers as Record<string, string>) as { type: string };
    expect(payload.type).toBe("webhook.test");

    // Expand the delivery: request body and the receiver's (truncated) response.
    const delivery = endpoint.getByTestId("webhook-delivery").first();
    await delivery.locator("summary").click();
    await expect(delivery).toContainText('"type": "webhook.test"');
    await expect(delivery).toContainText("thanks");
    await snap(page, "91-webhook-delivery-log");

    // Resend: the same message (same webhook-id) arrives again.
    await delivery.getByRole("button", { name: "Resend" }).click();
    await expect.poll(() => received.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    expect(received[1]!.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
    expect(new Webhook(secret).verify(received[1]!.body, received[1]!.headers as Record<string, string>)).toMatchObject({ type: "webhook.test" });
    await expect(endpoint.getByTestId("webhook-delivery")).toHaveCount(2);
    await expect(endpoint.getByTestId("webhook-delivery").filter({ hasText: "Delivered" })).toHaveCount(2, { timeout: 20_000 });

    // Invite a member: the invitation records member.invited, which the relay hands to the endpoint.
    await page.getByRole("link", { name: "Members" }).click();
    await page.getByLabel("Email").fill(`mia-${id}@example.test`);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText("Invitation sent").first()).toBeVisible();
    await expect.poll(() => received.some((r) => r.body.includes('"type":"member.invited"')), { timeout: 60_000 }).toBe(true);
    const invited = received.find((r) => r.body.includes('"type":"member.invited"'))!;
    expect(new Webhook(secret).verify(invited.body, invited.headers as Record<string, string>)).toMatchObject({ type: "member.invited", data: { email: `mia-${id}@example.test`, role: "member" } });
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("link", { name: "Webhooks" }).click();
    await endpoint.getByRole("button", { name: "Deliveries" }).click();
    const invitedDelivery = endpoint.getByTestId("webhook-delivery").filter({ hasText: "member.invited" });
    await expect(invitedDelivery).toBeVisible();
    await expect(endpoint.getByTestId("webhook-delivery").filter({ hasText: "Delivered" })).toHaveCount(3, { timeout: 20_000 });
    // Resend the invitation's delivery: the same message (same webhook-id) arrives again.
    await invitedDelivery.locator("summary").click();
    await invitedDelivery.getByRole("button", { name: "Resend" }).click();
    await expect.poll(() => received.filter((r) => r.body.includes('"type":"member.invited"')).length, { timeout: 30_000 }).toBe(2);
    const [original, again] = received.filter((r) => r.body.includes('"type":"member.invited"'));
    expect(again!.headers["webhook-id"]).toBe(original!.headers["webhook-id"]);
    await expect(endpoint.getByTestId("webhook-delivery").filter({ hasText: "Delivered" })).toHaveCount(4, { timeout: 20_000 });
    await expect(endpoint).toContainText("succeeded)", { timeout: 20_000 });

    // Edit: a private URL is refused and what was typed stays; then a new description and filter.
    await endpoint.getByRole("button", { name: "Edit" }).click();
    await expect(endpoint.getByRole("heading", { name: "Edit endpoint" })).toBeVisible();
    await endpoint.getByLabel("Endpoint URL").fill("https://169.254.169.254/latest");
    await endpoint.getByRole("button", { name: "Save changes" }).click();
    await expect(endpoint.getByText(/private or reserved network address/)).toBeVisible();
    await expect(endpoint.getByLabel("Endpoint URL")).toHaveValue("https://169.254.169.254/latest");
    await endpoint.getByLabel("Endpoint URL").fill(receiverUrl);
    await endpoint.getByLabel("Description (optional)").fill("Only invitations");
    await endpoint.getByLabel("Only the events I choose").check();
    await endpoint.getByRole("checkbox", { name: /member\.invited/ }).check();
    await snap(page, "92a-webhook-edit");
    await endpoint.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Endpoint saved").first()).toBeVisible();
    await expect(endpoint.getByRole("heading", { name: "Edit endpoint" })).toHaveCount(0);
    await expect(endpoint).toContainText("Only invitations");
    await expect(endpoint).toContainText("Events: member.invited");
    await snap(page, "92-webhooks-desktop");
    await page.setViewportSize({ width: 390, height: 844 });
    await snap(page, "93-webhooks-390px");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
