import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { FakeSmtp } from "./fake-smtp";
import { makeTenant, makeUser, TEST_META } from "./factories";

const smtp = await new FakeSmtp().start();
process.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
process.env.EMAIL_FROM = "Atrium <billing@atrium.test>";
afterAll(() => smtp.stop());

const { runLifecycleSweep } = await import("../server/billing/run-lifecycle-sweep");
const { sendPendingEmails } = await import("../server/email/send-pending-emails");
const { getDb } = await import("../server/db/client");
const { emailOutbox } = await import("../server/db/schema");
const { inviteMember, viewInvitation } = await import("../server/members/invitations");
const { pruneSentEmails } = await import("../server/email/prune-sent-emails");
const { listOutbox } = await import("../server/email/list-outbox");
const { redactOneTimeLinks, REDACTED_LINK } = await import("../server/email/redact-one-time-links");
const { sql } = await import("drizzle-orm");

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

describe("one-time links after sending", () => {
  it("an invitation is delivered with its link, then the stored copy no longer holds it", async () => {
    const t = await makeTenant();
    const invitee = await makeUser("Invitee");
    await inviteMember({ tenantId: t.tenant.id, actorUserId: t.owner.id, actorRole: "owner", meta: TEST_META, email: invitee.email, role: "member" });
    const [queued] = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, invitee.email));
    expect(queued!.bodyText).toMatch(/\/invite\/[A-Za-z0-9_-]{43}/);
    expect(await sendPendingEmails()).toBeGreaterThanOrEqual(1);

    // The recipient got the link, and it works.
    const delivered = smtp.messages.find((m) => m.to.includes(`<${invitee.email}>`))!;
    const token = /\/invite\/([A-Za-z0-9_-]{43})/.exec(delivered.data.replace(/=\r?\n/g, ""))![1]!;
    expect((await viewInvitation({ token })).state).toBe("pending");

    // The table keeps a readable email without it.
    const [stored] = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, invitee.email));
    expect(stored!.sentAt).not.toBeNull();
    expect(stored!.bodyText).not.toContain(token);
    expect(stored!.bodyText).toContain(REDACTED_LINK);
    expect(stored!.bodyText).toContain("invited you to join");
    const everywhere = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from email_outbox where body_text like ${"%" + token + "%"} or subject like ${"%" + token + "%"}`);
    expect(everywhere[0]!.n).toBe(0);
  });

  it("sent mail older than EMAIL_RETENTION_DAYS (30) is pruned; unsent and recent mail stays", async () => {
    const { tenant, owner } = await makeTenant();
    await runLifecycleSweep({ now: new Date(tenant.trialEndsAt!.getTime() - 2 * 86_400_000) });
    await sendPendingEmails();
    const [row] = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, owner.email));
    expect(row!.sentAt).not.toBeNull();
    const inFuture = (days: number) => new Date(Date.now() + days * 86_400_000);
    expect(await pruneSentEmails({ now: inFuture(29) })).toBe(0);
    await getDb().insert(emailOutbox).values({ dedupeKey: `unsent-${Math.random()}`, toAddress: "queued@example.test", subject: "Queued", bodyText: "x" });
    expect(await pruneSentEmails({ now: inFuture(31) })).toBeGreaterThanOrEqual(1);
    expect(await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, owner.email))).toEqual([]);
    expect(await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, "queued@example.test"))).toHaveLength(1);
  });
});

describe("redactOneTimeLinks", () => {
  it("removes links that carry a token and keeps ordinary ones", () => {
    const token = "Xk3_9aQz-LmP0rTuVwYb2cDeFgHiJkLmNoPqRsTuVwX";
    const text = `Accept: https://atrium.example/invite/${token}\nReset: https://atrium.example/reset?token=${token}.\nBilling: https://acme.atrium.example/dashboard/billing\nExport: https://acme.atrium.example/dashboard/settings/data/export/0b7e8c52-6a8f-4b7e-9a51-2f1d7a3c9e10`;
    const out = redactOneTimeLinks(text);
    expect(out).not.toContain(token);
    expect(out.match(new RegExp(REDACTED_LINK.replace(/[[\]]/g, "\\$&"), "g"))).toHaveLength(2);
    expect(out).toContain("https://acme.atrium.example/dashboard/billing");
    expect(out).toContain("0b7e8c52-6a8f-4b7e-9a51-2f1d7a3c9e10");
  });

  it("the production outbox page never shows a usable link, even for mail that was not sent", async () => {
    const token = "Xk3_9aQz-LmP0rTuVwYb2cDeFgHiJkLmNoPqRsTuVwX";
    await getDb().insert(emailOutbox).values({ dedupeKey: `masked-${Math.random()}`, toAddress: "masked@example.test", subject: "Invite", bodyText: `https://atrium.example/invite/${token}` });
    const masked = (await listOutbox({ revealOneTimeLinks: false })).find((e) => e.toAddress === "masked@example.test")!;
    expect(masked.bodyText).toBe(REDACTED_LINK);
    const shown = (await listOutbox({ revealOneTimeLinks: true })).find((e) => e.toAddress === "masked@example.test")!;
    expect(shown.bodyText).toContain(token);
  });
});
