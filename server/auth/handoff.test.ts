import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeUser } from "../../test/factories";
import { getDb } from "../db/client";
import { mintHandoff, redeemHandoff } from "./handoff";

describe("sign-in hand-off", () => {
  it("is single-use", async () => {
    const user = await makeUser();
    const token = await mintHandoff({ userId: user.id, targetHost: "acme.localhost:3000" });
    expect(await redeemHandoff({ token, host: "acme.localhost:3000" })).toBe(user.id);
    expect(await redeemHandoff({ token, host: "acme.localhost:3000" })).toBeNull();
  });

  it("is bound to its host (case and trailing dot do not matter)", async () => {
    const user = await makeUser();
    const token = await mintHandoff({ userId: user.id, targetHost: "acme.localhost:3000" });
    expect(await redeemHandoff({ token, host: "globex.localhost:3000" })).toBeNull();
    expect(await redeemHandoff({ token, host: "ACME.localhost.:3000" })).toBe(user.id);
  });

  it("expires", async () => {
    const user = await makeUser();
    const token = await mintHandoff({ userId: user.id, targetHost: "acme.localhost:3000" });
    await getDb().execute(sql`update auth_handoffs set expires_at = now() - interval '1 second'`);
    expect(await redeemHandoff({ token, host: "acme.localhost:3000" })).toBeNull();
  });

  it("stores only a hash and rejects malformed tokens", async () => {
    const user = await makeUser();
    const token = await mintHandoff({ userId: user.id, targetHost: "x.localhost:3000" });
    const rows = await getDb().execute<{ token_hash: string }>(sql`select token_hash from auth_handoffs`);
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
    expect(await redeemHandoff({ token: "short", host: "x.localhost:3000" })).toBeNull();
    expect(await redeemHandoff({ token: `${token.slice(0, -1)}!`, host: "x.localhost:3000" })).toBeNull();
  });
});
