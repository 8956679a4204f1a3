import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeUser } from "../../test/factories";
import { getDb } from "../db/client";
import { consumeOneTimeToken, issueOneTimeToken, peekOneTimeToken, revokeOneTimeTokens } from "./one-time-tokens";

describe("one-time tokens", () => {
  it("redeem once, and only for their own purpose", async () => {
    const user = await makeUser();
    const token = await issueOneTimeToken({ purpose: "password_reset", userId: user.id, ttlSeconds: 1800 });
    expect(await consumeOneTimeToken("magic_link", token)).toBeNull();
    expect(await peekOneTimeToken("password_reset", token)).toMatchObject({ userId: user.id });
    expect(await consumeOneTimeToken("password_reset", token)).toMatchObject({ userId: user.id });
    expect(await consumeOneTimeToken("password_reset", token)).toBeNull();
    expect(await peekOneTimeToken("password_reset", token)).toBeNull();
  });

  it("can be redeemed by only one of many concurrent attempts", async () => {
    const user = await makeUser();
    const token = await issueOneTimeToken({ purpose: "magic_link", userId: user.id, ttlSeconds: 900 });
    const results = await Promise.all(Array.from({ length: 8 }, () => consumeOneTimeToken("magic_link", token)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("expire", async () => {
    const user = await makeUser();
    const token = await issueOneTimeToken({ purpose: "email_verify", userId: user.id, ttlSeconds: 60 });
    await getDb().execute(sql`update auth_tokens set expires_at = now() - interval '1 second' where user_id = ${user.id}`);
    expect(await consumeOneTimeToken("email_verify", token)).toBeNull();
  });

  it("are stored only as a hash, and malformed ones are refused without a lookup", async () => {
    const user = await makeUser();
    const token = await issueOneTimeToken({ purpose: "password_reset", userId: user.id, ttlSeconds: 60, email: user.email, data: { a: 1 } });
    const rows = await getDb().execute<{ token_hash: string }>(sql`select token_hash from auth_tokens where user_id = ${user.id}`);
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(await consumeOneTimeToken("password_reset", `${token.slice(0, -1)}!`)).toBeNull();
    expect(await consumeOneTimeToken("password_reset", "\u0000")).toBeNull();
  });

  it("are revoked together (a newer link or a changed password ends the older ones)", async () => {
    const user = await makeUser();
    const a = await issueOneTimeToken({ purpose: "password_reset", userId: user.id, ttlSeconds: 1800 });
    const b = await issueOneTimeToken({ purpose: "magic_link", userId: user.id, ttlSeconds: 900 });
    await revokeOneTimeTokens(user.id, ["password_reset"]);
    expect(await consumeOneTimeToken("password_reset", a)).toBeNull();
    expect(await consumeOneTimeToken("magic_link", b)).not.toBeNull();
  });
});
