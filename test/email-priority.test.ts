import { describe, expect, it } from "vitest";
import { FakeSmtp } from "./fake-smtp";

// The outbox sends mail to many (a status incident's subscribers) after everything else, and a
// backlog longer than one run asks for the next run at once.

const smtp = await new FakeSmtp().start();
process.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;

const { getDb } = await import("../server/db/client");
const { emailOutbox } = await import("../server/db/schema");
const { deliverPendingEmails } = await import("../server/email/send-pending-emails");

describe("the email outbox under a backlog", () => {
  it("a sign-in link queued after an incident's notices is sent first; a run at its limit says more are waiting", async () => {
    try {
      await getDb()
        .insert(emailOutbox)
        .values(Array.from({ length: 3 }, (_, i) => ({ dedupeKey: `status-incident:u1:s${i}`, toAddress: `sub${i}@example.test`, subject: "Incident: degraded", bodyText: "Investigating." })));
      await getDb().insert(emailOutbox).values({ dedupeKey: "magic-link:x", toAddress: "person@example.test", subject: "Your sign-in link", bodyText: "A link." });

      const first = await deliverPendingEmails({ limit: 1 });
      expect(first).toMatchObject({ sent: 1, more: true });
      expect(smtp.messages.map((m) => m.to)).toEqual([["<person@example.test>"]]);

      const rest = await deliverPendingEmails({ limit: 10 });
      expect(rest).toMatchObject({ sent: 3, more: false });
      expect(smtp.messages).toHaveLength(4);
    } finally {
      await smtp.stop();
    }
  });
});
