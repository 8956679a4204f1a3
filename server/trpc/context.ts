import "server-only";
import type { RequestMeta } from "../audit/record-audit-event";
import type { SessionUser } from "../auth/current-user";
import type { TenantRoute } from "../db/cross-tenant";
import type { MembershipRole } from "../db/schema";
import { getMembership } from "../members/get-membership";
import { ssoSignInRequired } from "../sso/sso-enforcement";
import { env } from "../env";
import { parseHost, type HostTarget } from "../hosts/parse-host";
import { requestHost, requestMetaFromHeaders } from "../http/request-meta";
import { resolveTenantByDomain, resolveTenantBySlug } from "../tenants/tenant-cache";
import { toTrpcError } from "./init";

export type Context = {
  user: SessionUser | null;
  host: HostTarget;
  /** The tenant addressed by the Host header, resolved again here (never trusted from a header). */
  tenant: TenantRoute | null;
  meta: RequestMeta;
  /** Per-request memo shared by every procedure called with this context (middlewares copy it along). */
  memo?: { role?: Promise<MembershipRole | null> };
};

/**
 * The signed-in user's role in the host's workspace, read once per request however many
 * procedures (a batch, a layout and its page) ask.
 */
export function memberRoleOf(ctx: Context): Promise<MembershipRole | null> {
  if (!ctx.user || !ctx.tenant) return Promise.resolve(null);
  const memo = ctx.memo;
  if (memo?.role) return memo.role;
  const { tenant, user } = ctx;
  // A member who must sign in through the workspace's SSO (and has not) is no member here yet.
  const role = getMembership({ tenantId: tenant.id, userId: user.id }).then(async (found) =>
    found && (await ssoSignInRequired({ tenantId: tenant.id, userId: user.id, role: found, sessionSsoTenantId: user.ssoTenantId ?? null })) ? null : found,
  );
  if (memo) {
    memo.role = role;
    // A failed read (database down) is not remembered.
    role.catch(() => {
      if (memo.role === role) memo.role = undefined;
    });
  }
  return role;
}

export async function createContext({
  headers,
  getUser,
}: {
  headers: Headers;
  getUser: () => Promise<SessionUser | null>;
}): Promise<Context> {
  const host = parseHost(requestHost(headers), env.ROOT_DOMAIN);
  const [user, tenant] = await Promise.all([
    getUser(),
    host.kind === "tenant" ? resolveTenantBySlug(host.slug) : host.kind === "foreign" ? resolveTenantByDomain(host.hostname) : Promise.resolve(null),
  ]).catch((error: unknown) => {
    // Thrown before any middleware runs: map a database outage to 503 here.
    throw toTrpcError(error) ?? error;
  });
  return { user, host, tenant, meta: requestMetaFromHeaders(headers), memo: {} };
}
