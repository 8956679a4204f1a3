import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeUser } from "../../test/factories";
import { bumpSessionVersion } from "../auth/session-version";
import { mintHandoff, redeemHandoffGrant } from "../auth/handoff";
import { getDb } from "../db/client";
import { createSessionRecord } from "./create-session-record";
import { listActiveSessions } from "./list-sessions";
import { pruneSessionRecords } from "./prune-sessions";
import { revokeOtherSessions, revokeSession } from "./revoke-sessions";
import { isSessionActive, SESSION_STATE_TTL_MS, TOUCH_INTERVAL_MS } from "./session-state";

const CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const FIREFOX_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

const signIn = (userId: string, extra: Partial<Parameters<typeof createSessionRecord>[0]> = {}) =>
  createSessionRecord({ userId, host: "localhost", ip: "203.0.113.7", userAgent: CHROME_MAC, ...extra });

async function outbox(to: string) {
  return getDb().execute<{ subject: string; body_text: string }>(sql`select subject, body_text from email_outbox where to_address = ${to} order by created_at`);
}

describe("session records", () => {
  it("a sign-in is its own family; a hand-off joins the family of the session it continues", async () => {
    const user = await makeUser();
    const apex = await signIn(user.id);
    const token = await mintHandoff({ userId: user.id, targetHost: "acme.localhost:3000", parentSessionId: apex.id });
    const grant = await redeemHandoffGrant({ token, host: "acme.localhost:3000" });
    expect(grant).toEqual({ userId: user.id, parentSessionId: apex.id, ssoTenantId: null, support: null });
    const child = await signIn(user.id, { host: "acme.localhost", parentSessionId: grant!.parentSessionId });
    const rows = await getDb().execute<{ id: string; family_id: string; host: string }>(sql`select id, family_id, host from auth_sessions where user_id = ${user.id} order by created_at`);
    expect(rows.map((r) => [r.id, r.family_id, r.host])).toEqual([
      [apex.id, apex.id, "localhost"],
      [child.id, apex.id, "acme.localhost"],
    ]);
    const listed = await listActiveSessions({ userId: user.id, currentSessionId: child.id });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: apex.id, browser: "Chrome", os: "macOS", ip: "203.0.113.7", hosts: ["localhost", "acme.localhost"], current: true });
  });

  it("a hand-off from a session ended meanwhile starts ended; another user's sid is no parent", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const apex = await signIn(user.id);
    await revokeSession({ userId: user.id, sessionId: apex.id });
    const child = await signIn(user.id, { host: "acme.localhost", parentSessionId: apex.id });
    expect(await isSessionActive({ userId: user.id, version: 1, sessionId: child.id })).toBe(false);
    const foreign = await signIn(other.id, { parentSessionId: (await signIn(user.id)).id });
    const [row] = await getDb().execute<{ family_id: string }>(sql`select family_id from auth_sessions where id = ${foreign.id}`);
    expect(row!.family_id).toBe(foreign.id);
  });

  it("refuses a revoked sid at once in this process, and in another after the cache window", async () => {
    const user = await makeUser();
    const a = await signIn(user.id);
    const b = await signIn(user.id);
    expect(await isSessionActive({ userId: user.id, version: 1, sessionId: a.id })).toBe(true);
    expect(await isSessionActive({ userId: user.id, version: 1, sessionId: b.id })).toBe(true);
    await revokeSession({ userId: user.id, sessionId: a.id });
    expect(await isSessionActive({ userId: user.id, version: 1, sessionId: a.id })).toBe(false);
    // Another instance: revoked underneath the cache (as a second process would) is seen once the entry expires.
    await getDb().execute(sql`update auth_sessions set revoked_at = now() where id = ${b.id}`);
    expect(await isSessionActive({ userId: user.id, version: 1, sessionId: b.id })).toBe(true);
    await new Promise((r) => setTimeout(r, SESSION_STATE_TTL_MS + 100));
    expect(await isSessionActive({ userId: user.id, version: 1, sessionId: b.id })).toBe(false);
  });

  it("refuses an unknown sid, another user's sid, a malformed one and an old session version", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const mine = await signIn(user.id);
    expect(await isSessionActive({ userId: user.id, version: 1, sessionId: "00000000-0000-4000-8000-000000000000" })).toBe(false);
    expect(await isSessionActive({ userId: other.id, version: 1, sessionId: mine.id })).toBe(false);
    expect(await isSessionActive({ userId: user.id, version: 1, sessionId: "not-a-uuid\u0000" })).toBe(false);
    expect(await isSessionActive({ userId: user.id, version: 2, sessionId: mine.id })).toBe(false);
    await bumpSessionVersion(user.id);
    expect(await isSessionActive({ userId: user.id, version: 1, sessionId: mine.id })).toBe(false);
    expect(await listActiveSessions({ userId: user.id })).toEqual([]);
  });

  it("sign out everywhere else keeps only the current sign-in (on every host it reached)", async () => {
    const user = await makeUser();
    const current = await signIn(user.id);
    const currentOnAcme = await signIn(user.id, { host: "acme.localhost", parentSessionId: current.id });
    const laptop = await signIn(user.id, { userAgent: FIREFOX_WIN });
    const laptopOnAcme = await signIn(user.id, { host: "acme.localhost", parentSessionId: laptop.id });
    expect(await revokeOtherSessions({ userId: user.id, currentSessionId: currentOnAcme.id })).toBe(2);
    const listed = await listActiveSessions({ userId: user.id, currentSessionId: current.id });
    expect(listed.map((s) => s.id)).toEqual([current.id]);
    for (const id of [laptop.id, laptopOnAcme.id]) expect(await isSessionActive({ userId: user.id, version: 1, sessionId: id })).toBe(false);
    for (const id of [current.id, currentOnAcme.id]) expect(await isSessionActive({ userId: user.id, version: 1, sessionId: id })).toBe(true);
  });

  it("another user cannot end your session by its id: not found, and it stays", async () => {
    const victim = await makeUser();
    const attacker = await makeUser();
    const session = await signIn(victim.id);
    await expect(revokeSession({ userId: attacker.id, sessionId: session.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(revokeSession({ userId: attacker.id, sessionId: "x'; drop table users; --" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await isSessionActive({ userId: victim.id, version: 1, sessionId: session.id })).toBe(true);
    // Ending an already ended one is not found too (a second tab, a double click).
    await revokeSession({ userId: victim.id, sessionId: session.id });
    await expect(revokeSession({ userId: victim.id, sessionId: session.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("writes last seen at most every few minutes, not per request", async () => {
    const user = await makeUser();
    const start = Date.now();
    const s = await signIn(user.id, { now: new Date(start - TOUCH_INTERVAL_MS - 60_000) });
    const lastSeen = async () => (await getDb().execute<{ t: Date }>(sql`select last_seen_at as t from auth_sessions where id = ${s.id}`))[0]!.t;
    const before = new Date(await lastSeen()).getTime();
    expect(await isSessionActive({ userId: user.id, version: 1, sessionId: s.id, now: start })).toBe(true);
    const touched = new Date(await lastSeen()).getTime();
    expect(touched).toBeGreaterThan(before);
    // Requests within the interval (cached or not) do not write again.
    await getDb().execute(sql`update auth_sessions set last_seen_at = ${new Date(start).toISOString()}::timestamptz where id = ${s.id}`);
    for (let i = 1; i <= 5; i++) await isSessionActive({ userId: user.id, version: 1, sessionId: s.id, now: start + i * 30_000 });
    expect(new Date(await lastSeen()).getTime()).toBe(start);
  });

  it("emails about a new device once, never for the account's first sign-in or a known device", async () => {
    const user = await makeUser();
    expect((await signIn(user.id)).alerted).toBe(false);
    expect((await signIn(user.id)).alerted).toBe(false);
    // Same browser elsewhere in the same /24: known.
    expect((await signIn(user.id, { ip: "203.0.113.200" })).alerted).toBe(false);
    const fresh = await signIn(user.id, { userAgent: FIREFOX_WIN, ip: "198.51.100.4" });
    expect(fresh.alerted).toBe(true);
    expect((await signIn(user.id, { userAgent: FIREFOX_WIN, ip: "198.51.100.5" })).alerted).toBe(false);
    // A hand-off from that device never alerts (it is the same browser).
    expect((await signIn(user.id, { userAgent: FIREFOX_WIN, ip: "192.0.2.1", host: "acme.localhost", parentSessionId: fresh.id })).alerted).toBe(false);
    const emails = await outbox(user.email);
    expect(emails).toHaveLength(1);
    expect(emails[0]!.subject).toBe("New sign-in to your Atrium account");
    expect(emails[0]!.body_text).toMatch(/Browser: Firefox/);
    expect(emails[0]!.body_text).toMatch(/Operating system: Windows/);
    expect(emails[0]!.body_text).toMatch(/IP address: 198\.51\.100\.4/);
    expect(emails[0]!.body_text).toMatch(/reset your password/);
  });

  it("a device last seen more than 90 days ago is new again; two first sign-ins at once alert once", async () => {
    const user = await makeUser();
    await signIn(user.id, { now: new Date(Date.now() - 100 * 86_400_000) });
    expect((await signIn(user.id)).alerted).toBe(true);
    const other = await makeUser();
    await signIn(other.id);
    const results = await Promise.all([1, 2, 3].map(() => signIn(other.id, { userAgent: FIREFOX_WIN, ip: "198.51.100.9" })));
    expect(results.filter((r) => r.alerted)).toHaveLength(1);
  });

  it("stores a hostile user agent bounded and without NUL", async () => {
    const user = await makeUser();
    const s = await signIn(user.id, { userAgent: `evil\u0000${"x".repeat(100_000)}` });
    const [row] = await getDb().execute<{ user_agent: string }>(sql`select user_agent from auth_sessions where id = ${s.id}`);
    expect(row!.user_agent.length).toBe(512);
    expect(row!.user_agent).not.toContain("\u0000");
  });

  it("prunes old ended and expired records but keeps each user's newest", async () => {
    const user = await makeUser();
    const old = await signIn(user.id, { now: new Date(Date.now() - 200 * 86_400_000) });
    const olderStill = await signIn(user.id, { now: new Date(Date.now() - 300 * 86_400_000) });
    const recent = await signIn(user.id);
    const lonely = await makeUser();
    const onlyOne = await signIn(lonely.id, { now: new Date(Date.now() - 400 * 86_400_000) });
    await pruneSessionRecords();
    const ids = (await getDb().execute<{ id: string }>(sql`select id from auth_sessions where user_id in (${user.id}, ${lonely.id})`)).map((r) => r.id);
    expect(ids.sort()).toEqual([recent.id, onlyOne.id].sort());
    expect(ids).not.toContain(old.id);
    expect(ids).not.toContain(olderStill.id);
  });
});
