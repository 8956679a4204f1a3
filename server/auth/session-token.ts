import "server-only";
import { decode } from "next-auth/jwt";
import { createCache } from "../cache/cache";
import { env, requireAuthSecret } from "../env";
import type { SupportAccess } from "../support/support-access";
import { authCookies } from "./auth-cookies";

/** What the session cookie says (Auth.js JWT claims this app writes in config.ts's jwt callback). */
export type SessionClaims = {
  sub: string;
  sv: number;
  sid: string | null;
  host: string | null;
  email: string | null;
  name: string | null;
  exp: number;
  /** Workspace whose SSO started the session. */
  sso?: string | null;
  /** Support access (server/support): the grant this session was opened with. */
  sup?: SupportAccess | null;
};

/** The `sup` claim as the token stores it: grant, workspace, write access, expiry (epoch seconds). */
export type SupportClaim = { g: string; t: string; w: boolean; x: number };

export function supportClaimOf(support: SupportAccess): SupportClaim {
  return { g: support.grantId, t: support.tenantId, w: support.write, x: Math.floor(support.expiresAt.getTime() / 1000) };
}

function readSupportClaim(value: unknown): SupportAccess | null {
  if (!value || typeof value !== "object") return null;
  const { g, t, w, x } = value as Record<string, unknown>;
  if (typeof g !== "string" || typeof t !== "string" || typeof w !== "boolean" || typeof x !== "number") return null;
  return { grantId: g, tenantId: t, write: w, expiresAt: new Date(x * 1000) };
}

/** Auth.js's cookie name on plain http; over https config.ts sets the `__Host-` one. */
const DEFAULT_COOKIE = "authjs.session-token";

export function sessionCookieName(): string {
  return authCookies(env.PUBLIC_PROTOCOL ?? "http")?.sessionToken.name ?? DEFAULT_COOKIE;
}

/**
 * Auth.js's own name over https when no cookie names are configured (PUBLIC_PROTOCOL=http behind
 * a proxy that says https): read too, so such a deployment does not silently sign everyone out.
 */
const SECURE_DEFAULT_COOKIE = "__Secure-authjs.session-token";

export type SessionCookie = { name: string; token: string };

/**
 * The session cookie and its name (the name is the key-derivation salt), joined again when
 * Auth.js split a large token into `name.0`, `name.1`, …
 */
export function sessionTokenFrom(read: (name: string) => string | undefined): SessionCookie | null {
  for (const name of new Set([sessionCookieName(), SECURE_DEFAULT_COOKIE])) {
    const whole = read(name);
    if (whole) return { name, token: whole };
    let joined = "";
    for (let i = 0; ; i++) {
      const part = read(`${name}.${i}`);
      if (part === undefined) break;
      joined += part;
    }
    if (joined) return { name, token: joined };
  }
  return null;
}

// Decrypting the JWE (key derivation, AES, HMAC) was the largest single cost of a signed-in
// request. The same cookie always decrypts to the same claims, so decrypted tokens are kept
// (bounded, and never past their own expiry). Everything that can change (the session version,
// the host) is still checked on every request by the caller.
// Not shared: a token decrypts to the same claims everywhere, so there is nothing to invalidate.
// Keyed by the cookie's name as well as its value: the name is the decryption salt, so a token
// sealed for `__Host-…` must stay unreadable when planted under another name (a sibling host may
// set `__Secure-…` for the whole domain, never `__Host-…`); a cache hit must not skip that.
const decoded = createCache<SessionClaims>({ name: "session-claims", max: 10_000, ttlMs: 600_000, shared: false });

/** The claims of a valid, unexpired session token; null for anything else (tampered, expired, foreign). */
export async function readSessionClaims(cookie: SessionCookie | string | null, now = Date.now()): Promise<SessionClaims | null> {
  if (!cookie) return null;
  const { name, token } = typeof cookie === "string" ? { name: sessionCookieName(), token: cookie } : cookie;
  const key = `${name}\n${token}`;
  const hit = decoded.get(key);
  if (hit) return hit.exp * 1000 > now ? hit : null;
  let payload: Record<string, unknown> | null;
  try {
    payload = await decode<Record<string, unknown>>({ token, secret: requireAuthSecret(), salt: name });
  } catch {
    return null;
  }
  // A token without a session version is refused, as config.ts's jwt callback does.
  if (!payload || typeof payload.sub !== "string" || typeof payload.sv !== "number" || typeof payload.exp !== "number" || payload.exp * 1000 <= now) return null;
  const claims: SessionClaims = {
    sub: payload.sub,
    sv: payload.sv,
    // The session's record (session-check.ts); absent in tokens minted before records existed.
    sid: typeof payload.sid === "string" ? payload.sid : null,
    host: typeof payload.host === "string" ? payload.host : null,
    email: typeof payload.email === "string" ? payload.email : null,
    name: typeof payload.name === "string" ? payload.name : null,
    exp: payload.exp,
    sso: typeof payload.sso === "string" ? payload.sso : null,
    sup: readSupportClaim(payload.sup),
  };
  // Never kept past the token's own expiry (checked on every hit too).
  decoded.set(key, claims, Math.min(600_000, claims.exp * 1000 - now));
  return claims;
}
