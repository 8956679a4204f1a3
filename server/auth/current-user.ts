import "server-only";
import { cookies, headers } from "next/headers";
import { normalizeHostname } from "../hosts/parse-host";
import { requestHost } from "../http/request-meta";
import { readSessionClaims, sessionTokenFrom } from "./session-token";
import { isSessionCurrent } from "./session-check";
import type { SupportAccess } from "../support/support-access";
import { liveSupportAccess } from "../support/support-operator";

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  /** The session record (`sid`); null for a token minted before records existed. */
  sessionId?: string | null;
  /** The workspace whose single sign-on started this session (enforced SSO reads it). */
  ssoTenantId?: string | null;
  /** Set for an operator's support access session (server/support): what it may do, until when. */
  support?: SupportAccess | null;
};

/**
 * The signed-in user of this host. A session cookie is only honoured on the host it was issued
 * for: a cookie copied to (or leaked from) another host, e.g. a custom domain whose DNS now
 * points elsewhere, signs nobody in anywhere else. Signing out anywhere (a new session version)
 * or ending this session from the account page (its record) ends it too.
 *
 * This reads the Auth.js session cookie directly instead of calling `auth()`: the same checks as
 * config.ts's jwt and session callbacks, without running the Auth.js handler (and re-encrypting a
 * cookie a Server Component cannot set anyway) on every request.
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  const [jar, requestHeaders] = await Promise.all([cookies(), headers()]);
  const claims = await readSessionClaims(sessionTokenFrom((name) => jar.get(name)?.value));
  if (!claims?.email || !claims.host) return null;
  if (claims.host !== normalizeHostname(requestHost(requestHeaders))) return null;
  // Support access ends at its expiry to the second (the session record says so too, checked below).
  if (claims.sup && claims.sup.expiresAt.getTime() <= Date.now()) return null;
  if (!(await isSessionCurrent(claims))) return null;
  // The grant is in the token; whether its operator may still use it (and write) is asked now.
  const support = claims.sup ? await liveSupportAccess(claims.sub, claims.sup) : null;
  if (claims.sup && !support) return null;
  return { id: claims.sub, email: claims.email, name: claims.name ?? claims.email, sessionId: claims.sid, ssoTenantId: claims.sso ?? null, support };
}
