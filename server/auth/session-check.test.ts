import { describe, expect, it } from "vitest";
import { makeUser } from "../../test/factories";
import { createSessionRecord } from "../sessions/create-session-record";
import { revokeSession } from "../sessions/revoke-sessions";
import { isSessionCurrent } from "./session-check";
import { bumpSessionVersion } from "./session-version";

describe("isSessionCurrent", () => {
  it("a token from before session records (no sid) works until the version is bumped", async () => {
    const user = await makeUser();
    expect(await isSessionCurrent({ sub: user.id, sv: 1 })).toBe(true);
    await bumpSessionVersion(user.id);
    expect(await isSessionCurrent({ sub: user.id, sv: 1 })).toBe(false);
    expect(await isSessionCurrent({ sub: user.id, sv: 2 })).toBe(true);
  });

  it("a token with a sid needs its record; a sid of the wrong type or a missing version is refused", async () => {
    const user = await makeUser();
    const session = await createSessionRecord({ userId: user.id, host: "localhost", ip: null, userAgent: null });
    expect(await isSessionCurrent({ sub: user.id, sv: 1, sid: session.id })).toBe(true);
    expect(await isSessionCurrent({ sub: user.id, sv: 1, sid: 42 })).toBe(false);
    expect(await isSessionCurrent({ sub: user.id, sv: undefined, sid: session.id })).toBe(false);
    await revokeSession({ userId: user.id, sessionId: session.id });
    expect(await isSessionCurrent({ sub: user.id, sv: 1, sid: session.id })).toBe(false);
    // A token without a sid (sealed, so nobody can strip one) is judged by the version alone.
    expect(await isSessionCurrent({ sub: user.id, sv: 1 })).toBe(true);
  });
});
