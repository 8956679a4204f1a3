import { desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { requestMagicLink } from "../server/accounts/magic-link";
import { requestPasswordReset } from "../server/accounts/password-reset";
import { getDb } from "../server/db/client";
import { emailOutbox, users } from "../server/db/schema";
import { emailDateTime, emailLocale, emailTranslator } from "../server/email/email-text";
import { inviteMember } from "../server/members/invitations";
import { createSessionRecord } from "../server/sessions/create-session-record";
import { createUser } from "../server/users/create-user";
import { setLocale } from "../server/users/set-locale";
import { makeTenant, makeUser, TEST_META, uid } from "./factories";

// Emails to one person are written in that person's language (users.locale), against a real
// database: the account links, the new-device notice, invitations (the invitee's language, else the
// inviter's). English stays word for word what it was.

async function newestTo(to: string) {
  const [row] = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, to)).orderBy(desc(emailOutbox.createdAt)).limit(1);
  if (!row) throw new Error(`no email to ${to}`);
  return row;
}

const ip = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

describe("emails in the recipient's language", () => {
  it("sends a German account a German reset link that still carries a working link, and an English one the English text", async () => {
    const german = await makeUser("Greta");
    await setLocale({ userId: german.id, locale: "de" });
    const english = await makeUser("Ellen");
    await requestPasswordReset({ email: german.email, ip: ip() });
    await requestPasswordReset({ email: english.email, ip: ip() });

    const de = await newestTo(german.email);
    expect(de.subject).toBe("Ihr Atrium-Passwort zurücksetzen");
    expect(de.bodyText).toContain(`Jemand (hoffentlich Sie) möchte das Passwort des Atrium-Kontos ${german.email} zurücksetzen.`);
    expect(de.bodyText).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}\n/);
    expect(de.bodyText.endsWith("\n\n— Atrium")).toBe(true);

    const en = await newestTo(english.email);
    expect(en.subject).toBe("Reset your Atrium password");
    expect(en.bodyText).toMatch(
      new RegExp(`^Someone \\(hopefully you\\) asked to reset the password of the Atrium account ${english.email.replace(/\./g, "\\.")}\\.\n\nChoose a new password: \\S+/reset-password/[A-Za-z0-9_-]{43}\n\nThe link works once and expires in 30 minutes\\.`),
    );
  });

  it("writes the sign-in link in the language chosen at sign-up", async () => {
    const user = await createUser({ email: `signup-${uid()}@example.test`, name: "Dora", password: "a long test password", emailVerified: true, locale: "de" });
    await requestMagicLink({ email: user.email, ip: ip(), next: "/" });
    const mail = await newestTo(user.email);
    expect(mail.subject).toBe("Ihr Anmeldelink für Atrium");
    expect(mail.bodyText).toMatch(/^Bei Atrium anmelden als \S+: \S+\/magic-link\/[A-Za-z0-9_-]{43}\n/);
  });

  it("tells a German account about a new device in German, with the time, browser and address", async () => {
    const user = await makeUser("Gerd");
    await setLocale({ userId: user.id, locale: "de" });
    await createSessionRecord({ userId: user.id, host: "localhost", ip: "203.0.113.7", userAgent: "vitest" });
    await createSessionRecord({ userId: user.id, host: "localhost", ip: "192.0.2.44", userAgent: FIREFOX });
    const mail = await newestTo(user.email);
    expect(mail.subject).toBe("Neue Anmeldung bei Ihrem Atrium-Konto");
    expect(mail.bodyText).toContain("IP-Adresse: 192.0.2.44");
    expect(mail.bodyText).toMatch(/Zeit: \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(mail.bodyText).toContain("Browser: Firefox");
  });

  it("invites in the invitee's own language, else in the inviter's, and never reads a name as a message", async () => {
    const t = await makeTenant();
    await setLocale({ userId: t.owner.id, locale: "de" });
    // A name that looks like message syntax is only ever a value.
    await getDb().update(users).set({ name: "{role} '{x}' <b>" }).where(eq(users.id, t.owner.id));
    const invite = (email: string) => inviteMember({ tenantId: t.tenant.id, actorUserId: t.owner.id, actorRole: "owner", meta: TEST_META, email, role: "admin" });

    const stranger = `new-${uid()}@example.test`;
    await invite(stranger);
    const de = await newestTo(stranger);
    expect(de.subject).toBe(`{role} '{x}' <b> hat Sie zu ${t.tenant.name} auf Atrium eingeladen`);
    expect(de.bodyText).toContain(`{role} '{x}' <b> hat Sie eingeladen, ${t.tenant.name} als Admin beizutreten.`);
    expect(de.bodyText).toMatch(/läuft am \d{1,2}\. \S+ \d{4} um \d{2}:\d{2} UTC ab\.$/);

    // Someone who registered the address without ever proving it does not choose its language.
    const squatted = `squat-${uid()}@example.test`;
    await createUser({ email: squatted, name: "Squatter", password: "a long test password", locale: "en" });
    await invite(squatted);
    expect((await newestTo(squatted)).subject).toBe(`{role} '{x}' <b> hat Sie zu ${t.tenant.name} auf Atrium eingeladen`);

    const englishReader = await makeUser("Erin");
    await setLocale({ userId: englishReader.id, locale: "en" });
    await invite(englishReader.email.toUpperCase());
    const en = await newestTo(englishReader.email);
    expect(en.subject).toBe(`{role} '{x}' <b> invited you to ${t.tenant.name} on Atrium`);
    expect(en.bodyText).toContain(`as admin.`);
  });

  it("falls back to English for a language it does not have, and counts recovery codes in German", () => {
    expect(emailLocale("fr")).toBe("en");
    expect(emailLocale(null)).toBe("en");
    const when = new Date("2026-11-30T09:15:00Z");
    expect(emailDateTime(when, null)).toBe("Mon, 30 Nov 2026 09:15:00 GMT");
    expect(emailDateTime(when, "de")).toBe("30. November 2026 um 09:15 UTC");
    // Dates PostgreSQL cannot hold, or none at all, never throw (a throw would fail the whole batch).
    expect(emailDateTime(new Date("0000-01-01T00:00:00Z"), "de")).toMatch(/^1\. Januar \d+ um 00:00 UTC$/);
    expect(emailDateTime(new Date("+010000-01-01T00:00:00Z"), "de")).toMatch(/^1\. Januar 10000 .*UTC$/);
    expect(emailDateTime(new Date(Number.NaN), "de")).toBe("Invalid Date");
    expect(emailDateTime(new Date(Number.NaN), "en")).toBe("Invalid Date");
    const de = emailTranslator("de");
    expect(de("secondFactor.recoveryUsedText", { name: "Ada", remaining: 1 })).toContain("1 Code ist noch übrig");
    expect(de("secondFactor.recoveryUsedText", { name: "Ada", remaining: 4 })).toContain("4 Codes sind noch übrig");
    expect(emailTranslator("en")("secondFactor.recoveryUsedText", { name: "Ada", remaining: 1 })).toContain("1 code is left");
  });
});
