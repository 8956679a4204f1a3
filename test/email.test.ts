import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { FakeSmtp } from "./fake-smtp";
import { makeTenant } from "./factories";

const smtp = await new FakeSmtp().start();
process.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
process.env.EMAIL_FROM = "Atrium <billing@atrium.test>";
afterAll(() => smtp.stop());

const { runLifecycleSweep } = await import("../server/billing/run-lifecycle-sweep");
const { sendPendingEmails } = await import("../server/email/send-pending-emails");
const { getDb } = await import("../server/db/client");
const { emailOutbox } = await import("../server/db/schema");

describe("email outbox over SMTP", () => {
  it("sends queued emails once, even with two senders at the same time", async () => {
    const { tenant, owner } = await makeTenant();
    await runLifecycleSweep({ now: new Date(tenant.trialEndsAt!.getTime() - 2 * 86_400_000) });
    const [a, b] = await Promise.all([sendPendingEmails(), sendPendingEmails()]);
    expect(a + b).toBe(1);
    expect(await sendPendingEmails()).toBe(0);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.to).toEqual([`<${owner.email}>`]);
    expect(smtp.messages[0]!.data).toContain(`Subject: Your ${tenant.name} trial ends in 3 days`);
    const [row] = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, owner.email));
    expect(row!.sentAt).not.toBeNull();
  });
});
