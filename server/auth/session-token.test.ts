import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { requireAuthSecret } from "../env";
import { readSessionClaims, sessionCookieName, sessionTokenFrom } from "./session-token";

// Session cookies are real Auth.js JWEs, encrypted with the app's secret and cookie-name salt.
const seal = (claims: Record<string, unknown>, maxAge = 3600, secret = requireAuthSecret()) =>
  encode({ token: { email: "a@example.test", name: "A", ...claims }, secret, salt: sessionCookieName(), maxAge });

describe("readSessionClaims", () => {
  it("decrypts what Auth.js wrote", async () => {
    const token = await seal({ sub: "user-1", sv: 3, host: "acme.localhost:3000" });
    expect(await readSessionClaims(token)).toMatchObject({ sub: "user-1", sv: 3, host: "acme.localhost:3000", email: "a@example.test", name: "A" });
  });

  it("refuses a tampered token, one sealed with another secret, and garbage", async () => {
    const token = await seal({ sub: "user-2", sv: 1, host: "h" });
    const parts = token.split(".");
    parts[3] = parts[3]!.replace(/^./, (c) => (c === "A" ? "B" : "A"));
    expect(await readSessionClaims(parts.join("."))).toBeNull();
    expect(await readSessionClaims(await seal({ sub: "user-2", sv: 1, host: "h" }, 3600, "x".repeat(40)))).toBeNull();
    expect(await readSessionClaims("not-a-token")).toBeNull();
    expect(await readSessionClaims(null)).toBeNull();
  });

  it("refuses a token without a session version (config.ts's jwt callback refused it too)", async () => {
    const token = await encode({ token: { sub: "user-5", email: "a@example.test", host: "h" }, secret: requireAuthSecret(), salt: sessionCookieName(), maxAge: 3600 });
    expect(await readSessionClaims(token)).toBeNull();
  });

  it("refuses an expired token, and a remembered one once it expires", async () => {
    expect(await readSessionClaims(await seal({ sub: "user-3", sv: 1, host: "h" }, -60))).toBeNull();
    const token = await seal({ sub: "user-4", sv: 1, host: "h" }, 60);
    expect(await readSessionClaims(token)).not.toBeNull();
    // The same token again a little later comes from memory, but not past its own expiry.
    expect(await readSessionClaims(token, Date.now() + 30_000)).not.toBeNull();
    expect(await readSessionClaims(token, Date.now() + 61_000)).toBeNull();
  });

  it("reads Auth.js's own https cookie name too, with that name as the salt", async () => {
    const name = "__Secure-authjs.session-token";
    const token = await encode({ token: { sub: "user-6", sv: 1, email: "a@example.test", host: "h" }, secret: requireAuthSecret(), salt: name, maxAge: 3600 });
    const found = sessionTokenFrom((n) => (n === name ? token : undefined));
    expect(found).toEqual({ name, token });
    expect(await readSessionClaims(found)).toMatchObject({ sub: "user-6" });
  });

  it("a remembered token is still refused under another cookie name (the name is the salt)", async () => {
    // Sealed for this app's own name and read once, so its claims are remembered...
    const token = await seal({ sub: "user-7", sv: 1, host: "h" });
    expect(await readSessionClaims({ name: sessionCookieName(), token })).toMatchObject({ sub: "user-7" });
    // ...then planted under the name a sibling host can set for the whole domain: never accepted.
    expect(await readSessionClaims({ name: "__Secure-authjs.session-token", token })).toBeNull();
    expect(await readSessionClaims({ name: sessionCookieName(), token })).toMatchObject({ sub: "user-7" });
  });

  it("joins a token Auth.js split into chunks", () => {
    const name = sessionCookieName();
    const jar = new Map([
      [`${name}.0`, "abc"],
      [`${name}.1`, "def"],
    ]);
    expect(sessionTokenFrom((n) => jar.get(n))).toEqual({ name, token: "abcdef" });
    expect(sessionTokenFrom(() => undefined)).toBeNull();
  });
});
