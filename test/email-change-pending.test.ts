import { desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { cancelEmailChange, pendingEmailChange, requestEmailChange, viewEmailChange } from "../server/accounts/email-change";
import { getDb } from "../server/db/client";
import { emailOutbox } from "../server/db/schema";
import { makeUser, uid } from "./factories";

// The account page shows a requested address change until it is confirmed, and can withdraw it.
describe("a pending email change", () => {
  it("is shown with its address and end, replaced by a newer request, and cancelled for good", async () => {
    const user = await makeUser();
    expect(await pendingEmailChange(user.id)).toBeNull();
    const first = `first-${uid()}@example.test`;
    const second = `second-${uid()}@example.test`;
    await requestEmailChange({ userId: user.id, newEmail: first, password: "a long test password", ip: `192.0.2.${Math.floor(Math.random() * 250) + 1}` });
    const firstPending = await pendingEmailChange(user.id);
    expect(firstPending?.to).toBe(first);
    expect(firstPending?.expiresAt).toBeInstanceOf(Date);
    await requestEmailChange({ userId: user.id, newEmail: second, password: "a long test password", ip: `192.0.2.${Math.floor(Math.random() * 250) + 1}` });
    const pending = await pendingEmailChange(user.id);
    expect(pending?.to).toBe(second);
    expect(pending!.expiresAt.getTime()).toBeGreaterThan(Date.now());
    const [mail] = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, second)).orderBy(desc(emailOutbox.createdAt)).limit(1);
    const token = /\/confirm-email\/([A-Za-z0-9_-]{43})/.exec(mail!.bodyText)![1]!;
    expect(await viewEmailChange(token)).toEqual({ from: user.email, to: second });
    await cancelEmailChange(user.id);
    expect(await pendingEmailChange(user.id)).toBeNull();
    expect(await viewEmailChange(token)).toBeNull();
  });
});
