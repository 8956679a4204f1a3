import "server-only";
import { and, eq } from "drizzle-orm";
import { createCache } from "../cache/cache";
import { listUserWorkspaces } from "../db/cross-tenant";
import { inSharedTransaction, withTenant } from "../db/with-tenant";
import { ssoConnections, ssoDomains, ssoPolicies, type MembershipRole } from "../db/schema";
import { hasSsoFeature } from "./require-sso-feature";

// Enforced SSO: members of the workspace must have signed in through its identity provider (the
// session says so: `sso` claim, written from the hand-off). One owner, the break-glass account,
// may still use a password. Enforcement only holds while the plan includes SSO and a connection
// is enabled, so a lapsed plan or a removed connection never locks members out.

// Enforcement covers the members whose address is in one of the workspace's verified email
// domains: the only people its provider can sign in (sso-sign-in.ts). Others (a contractor
// with their own address) keep their own sign-in.
type PolicyState = { enforced: boolean; breakGlassUserId: string | null; domains: string[] };

// Read on every dashboard request and tRPC call: kept briefly per instance, dropped on change here.
const policies = createCache<PolicyState>({ name: "sso-policy", max: 10_000, ttlMs: 30_000 });

export function forgetSsoPolicy(tenantId: string): void {
  policies.delete(tenantId);
}

async function loadPolicy(tenantId: string): Promise<PolicyState> {
  const row = await withTenant(tenantId, async (tx) => {
    const [policy] = await tx.select().from(ssoPolicies).where(eq(ssoPolicies.tenantId, tenantId));
    if (!policy?.enforced) return null;
    const [connection] = await tx
      .select({ id: ssoConnections.id })
      .from(ssoConnections)
      .where(and(eq(ssoConnections.tenantId, tenantId), eq(ssoConnections.enabled, true)))
      .limit(1);
    if (!connection) return null;
    const domains = await tx
      .select({ domain: ssoDomains.domain })
      .from(ssoDomains)
      .where(and(eq(ssoDomains.tenantId, tenantId), eq(ssoDomains.status, "verified")));
    return { ...policy, domains: domains.map((d) => d.domain) };
  });
  if (!row || !(await hasSsoFeature(tenantId))) return { enforced: false, breakGlassUserId: null, domains: [] };
  return { enforced: true, breakGlassUserId: row.breakGlassUserId, domains: row.domains };
}

function readPolicy(tenantId: string): Promise<PolicyState> {
  // Inside a shared read transaction: read on it (joined) rather than wait for another request's
  // load. Either way the cache keeps the result only if the policy was not changed meanwhile.
  return policies.getOrLoad(tenantId, () => loadPolicy(tenantId), { join: !inSharedTransaction() });
}

export type SsoRequirementSubject = {
  tenantId: string;
  userId: string;
  /** The member's address: enforcement covers the workspace's verified email domains. */
  email: string;
  role: MembershipRole;
  /** The workspace whose SSO started this session (null: password or another path). */
  sessionSsoTenantId: string | null;
};

/** The domain of an address, lower-cased, as verified domains are stored. */
const domainOf = (email: string) => email.toLowerCase().slice(email.lastIndexOf("@") + 1);

/** Whether this member must sign in through the workspace's SSO before opening it. */
export async function ssoSignInRequired(subject: SsoRequirementSubject): Promise<boolean> {
  if (subject.sessionSsoTenantId === subject.tenantId) return false;
  const policy = policies.get(subject.tenantId) ?? (await readPolicy(subject.tenantId));
  if (!policy.enforced) return false;
  if (!policy.domains.includes(domainOf(subject.email))) return false;
  return !(subject.role === "owner" && subject.userId === policy.breakGlassUserId);
}

/**
 * The workspaces whose enforced SSO covers this person at `from` and would not at `to`. Moving an
 * address out of a workspace's verified domains would end enforcement for its owner: a password
 * would open the workspace again, and removing them at the identity provider would no longer cut
 * them off. The break-glass owner is not enforced, so may move.
 */
export async function ssoWorkspacesLosingAddress(userId: string, from: string, to: string): Promise<string[]> {
  const workspaces = await listUserWorkspaces(userId);
  const policies = await Promise.all(workspaces.map((w) => readPolicy(w.tenantId)));
  return workspaces
    .filter((w, i) => {
      const policy = policies[i]!;
      if (!policy.enforced || !policy.domains.includes(domainOf(from)) || policy.domains.includes(domainOf(to))) return false;
      return !(w.role === "owner" && policy.breakGlassUserId === userId);
    })
    .map((w) => w.name);
}
