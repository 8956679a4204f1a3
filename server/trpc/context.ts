import "server-only";
import type { RequestMeta } from "../audit/record-audit-event";
import type { SessionUser } from "../auth/current-user";
import type { TenantRoute } from "../db/cross-tenant";
import type { MembershipRole } from "../db/schema";
import { getMemberAccess } from "../members/get-membership";
import { supportRoleIn } from "../support/support-role";
import { ssoSignInRequired } from "../sso/sso-enforcement";
import { env } from "../env";
import { parseHost, type HostTarget } from "../hosts/parse-host";
import { requestHost, requestMetaFromHeaders } from "../http/request-meta";
import { resolveTenantByDomain, resolveTenantBySlug } from "../tenants/tenant-cache";
import { toTrpcError } from "./init";
import { noteRequestActor } from "../observability/request-context";

export type Context = {
  user: SessionUser | null;
  host: HostTarget;
  /** The tenant addressed by the Host header, resolved again here (never trusted from a header). */
  tenant: TenantRoute | null;
  meta: RequestMeta;
  /** Per-request memo shared by every procedure called with this context (middlewares copy it along). */
  memo?: { role?: Promise<MembershipRole | null>; secondFactorMissing?: Promise<boolean> };
};

/**
 * The signed-in user's role in the host's workspace, read once per request however many
 * procedures (a batch, a layout and its page) ask.
 */
export function memberRoleOf(ctx: Context): Promise<MembershipRole | null> {
  if (!ctx.user || !ctx.tenant) return Promise.resolve(null);
  const memo = ctx.memo;
  if (memo?.role) return memo.role;
  // An operator's support access to this workspace sees it as its owner does (without a
  // membership row, and without reading one); what it may change is decided in init.ts.
  const supportRole = supportRoleIn(ctx.user, ctx.tenant.id);
  if (supportRole) {
    if (memo) {
      memo.role = Promise.resolve(supportRole);
      memo.secondFactorMissing = Promise.resolve(false);
    }
    return Promise.resolve(supportRole);
  }
  const { tenant, user } = ctx;
  const access = getMemberAccess({ tenantId: tenant.id, userId: user.id });
  // A member who must sign in through the workspace's SSO (and has not) is no member here yet.
  const role = access.then(async ({ role: found }) =>
    found && (await ssoSignInRequired({ tenantId: tenant.id, userId: user.id, email: user.email, role: found, sessionSsoTenantId: user.ssoTenantId ?? null })) ? null : found,
  );
  const secondFactorMissing = access.then((a) => a.secondFactorMissing);
  if (memo) {
    memo.role = role;
    memo.secondFactorMissing = secondFactorMissing;
    // A failed read (database down) is not remembered.
    access.catch(() => {
      if (memo.role === role) memo.role = undefined;
      if (memo.secondFactorMissing === secondFactorMissing) memo.secondFactorMissing = undefined;
    });
  }
  secondFactorMissing.catch(() => undefined);
  return role;
}

/**
 * Whether the host's workspace requires a second factor this member lacks (read with the role,
 * see memberRoleOf). Call after the member check.
 */
export async function secondFactorMissingOf(ctx: Context): Promise<boolean> {
  if (!ctx.user || !ctx.tenant) return false;
  // Support access is only ever started by an operator, and operators always have a second factor.
  if (supportRoleIn(ctx.user, ctx.tenant.id)) return false;
  if (ctx.memo?.secondFactorMissing) return ctx.memo.secondFactorMissing;
  const { secondFactorMissing } = await getMemberAccess({ tenantId: ctx.tenant.id, userId: ctx.user.id });
  if (ctx.memo) ctx.memo.secondFactorMissing = Promise.resolve(secondFactorMissing);
  return secondFactorMissing;
}

export function secondFactorRequiredMessage(workspaceName: string): string {
  return `${workspaceName} requires two-factor authentication. Set it up in your account settings first.`;
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
  // The request's log lines and access line name the workspace addressed and the user.
  noteRequestActor({ workspaceId: tenant?.id, userId: user?.id });
  const meta = requestMetaFromHeaders(headers);
  return { user, host, tenant, meta: user?.support ? { ...meta, supportGrantId: user.support.grantId } : meta, memo: {} };
}
