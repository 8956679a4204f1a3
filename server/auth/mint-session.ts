import "server-only";
import { headers } from "next/headers";
import type { Account, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { normalizeHostname } from "../hosts/parse-host";
import { requestHost, requestMetaFromHeaders } from "../http/request-meta";
import { createSessionRecord } from "../sessions/create-session-record";
import { getUserById } from "../users/get-user";
import { isOAuthAccount, oauthUserId } from "./oauth";
import { supportClaimOf } from "./session-token";

/**
 * The claims of a new session cookie (config.ts's jwt callback, when Auth.js has just signed
 * someone in by any provider): user, session version, the host it is bound to, and `sid`, the
 * session's record (every session gets one: the account page lists it and can end it). For
 * GitHub / Google the profile's id is the provider's; the session is the linked Atrium user's.
 */
export async function mintSessionToken(token: JWT, user: User, account: Account | null | undefined): Promise<JWT | null> {
  const linked = isOAuthAccount(account) ? await oauthUserId(account).then((id) => (id ? getUserById(id) : null)) : null;
  if (isOAuthAccount(account) && !linked) return null;
  const requestHeaders = await headers();
  const host = user.host ?? normalizeHostname(requestHost(requestHeaders));
  const userId = linked?.id ?? user.id;
  if (!userId) return null;
  const meta = requestMetaFromHeaders(requestHeaders);
  const support = user.support ?? null;
  const session = await createSessionRecord({ userId, host, ip: meta.ip, userAgent: meta.userAgent, parentSessionId: user.parentSessionId, ...(support ? { id: support.sessionId, expiresAt: support.expiresAt } : {}) });
  if (linked) Object.assign(token, { email: linked.email, name: linked.name, picture: null });
  // `sso`: the workspace whose single sign-on started this session (enforced SSO reads it).
  // `sup`: support access (server/support) — the grant, its workspace, write access and expiry.
  return { ...token, sub: userId, sv: linked?.sessionVersion ?? user.sessionVersion ?? 1, host, sid: session.id, ...(user.ssoTenantId ? { sso: user.ssoTenantId } : {}), ...(support ? { sup: supportClaimOf(support) } : {}) };
}
