import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeUser, uid } from "../../test/factories";
import { getDb } from "../db/client";
import { createUser } from "../users/create-user";
import { githubIdentity, googleIdentity } from "./profile-identity";
import { resolveOAuthUser } from "./resolve-oauth-user";

describe("provider profiles", () => {
  it("Google: the email counts only when email_verified is true", () => {
    expect(googleIdentity({ sub: "g-1", email: "A@Example.test", email_verified: true, name: "A" })).toEqual({ provider: "google", providerAccountId: "g-1", verifiedEmail: "a@example.test", name: "A" });
    expect(googleIdentity({ sub: "g-1", email: "a@example.test", email_verified: false })?.verifiedEmail).toBeNull();
    expect(googleIdentity({ sub: "g-1", email: "a@example.test" })?.verifiedEmail).toBeNull();
    expect(googleIdentity({ email: "a@example.test", email_verified: true })).toBeNull();
    expect(googleIdentity({ sub: "g-1", email: "not an email\u0000", email_verified: true })?.verifiedEmail).toBeNull();
  });

  it("GitHub: only the primary address GitHub marks verified, never the public profile email", () => {
    const profile = { id: 42, login: "octo", name: null, email: "public@example.test" };
    expect(githubIdentity(profile, [{ email: "Primary@Example.test", primary: true, verified: true }, { email: "other@example.test", primary: false, verified: true }])).toEqual({
      provider: "github",
      providerAccountId: "42",
      verifiedEmail: "primary@example.test",
      name: "octo",
    });
    expect(githubIdentity(profile, [{ email: "primary@example.test", primary: true, verified: false }, { email: "other@example.test", primary: false, verified: true }])?.verifiedEmail).toBeNull();
    expect(githubIdentity(profile, null)?.verifiedEmail).toBeNull();
    expect(githubIdentity({ id: "../1" }, [])).toBeNull();
  });
});

describe("resolveOAuthUser", () => {
  const google = (email: string | null, sub = `g-${uid()}`) => ({ provider: "google" as const, providerAccountId: sub, verifiedEmail: email, name: "Grace Hopper" });

  it("creates a verified account for a new person and finds it again by identity", async () => {
    const email = `new-${uid()}@example.test`;
    const identity = google(email);
    const first = await resolveOAuthUser(identity);
    expect(first).toMatchObject({ ok: true, created: true });
    const [user] = await getDb().execute<{ email_verified_at: Date | null; name: string }>(sql`select email_verified_at, name from users where email = ${email}`);
    expect(user!.email_verified_at).not.toBeNull();
    expect(user!.name).toBe("Grace Hopper");
    // The address may change at the provider later: the identity still signs in the same person.
    expect(await resolveOAuthUser({ ...identity, verifiedEmail: `changed-${uid()}@example.test` })).toMatchObject({ ok: true, created: false, userId: first.ok ? first.userId : "" });
  });

  it("links to an existing account only through a verified email, and only when that account's address is verified", async () => {
    const verified = await makeUser();
    expect(await resolveOAuthUser(google(verified.email))).toMatchObject({ ok: true, userId: verified.id, linked: true });
    expect(await resolveOAuthUser(google(null))).toEqual({ ok: false, reason: "no_verified_email" });
    const unverified = await createUser({ email: `unverified-${uid()}@example.test`, name: "U", password: "a long test password" });
    expect(await resolveOAuthUser(google(unverified.email))).toEqual({ ok: false, reason: "account_unverified" });
    const [links] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from auth_identities where user_id = ${unverified.id}`);
    expect(links!.n).toBe(0);
  });

  it("a second account of the same provider cannot link to an account that already has one", async () => {
    const user = await makeUser();
    expect(await resolveOAuthUser(google(user.email))).toMatchObject({ ok: true });
    expect(await resolveOAuthUser(google(user.email))).toEqual({ ok: false, reason: "other_identity" });
  });

  it("two first sign-ins of the same new person at once make one account", async () => {
    const identity = google(`race-${uid()}@example.test`);
    const results = await Promise.all([resolveOAuthUser(identity), resolveOAuthUser(identity), resolveOAuthUser(identity)]);
    const ids = new Set(results.map((r) => (r.ok ? r.userId : r.reason)));
    expect(ids.size).toBe(1);
    const [count] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from users where email = ${identity.verifiedEmail}`);
    expect(count!.n).toBe(1);
  });

  it("a name nobody can show falls back to the address", async () => {
    const email = `odd-${uid()}@example.test`;
    const result = await resolveOAuthUser({ ...google(email), name: "\u202eevil\u0000" });
    expect(result.ok).toBe(true);
    const [user] = await getDb().execute<{ name: string }>(sql`select name from users where email = ${email}`);
    expect(user!.name).toBe(email.split("@")[0]);
  });
});
