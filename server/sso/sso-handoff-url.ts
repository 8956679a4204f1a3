import "server-only";
import { eq } from "drizzle-orm";
import { currentSessionIdOf } from "../auth/current-session-id";
import { mintHandoff } from "../auth/handoff";
import { withTenant } from "../db/with-tenant";
import { tenants } from "../db/schema";
import { env } from "../env";
import { originFor } from "../hosts/parse-host";
import { safeRedirectPath } from "../../lib/safe-redirect";
import { redeemSsoHandoff } from "./sso-sign-in";

/**
 * Redeems the signed-in person's SSO pass and returns the hand-off into that workspace, marked as
 * a single sign-on (the workspace's session then satisfies enforced SSO). Null for anything else.
 */
export async function ssoWorkspaceHandoffUrl(token: string, userId: string): Promise<string | null> {
  const pass = await redeemSsoHandoff(token, userId);
  if (!pass) return null;
  const [tenant] = await withTenant(pass.tenantId, (tx) => tx.select({ slug: tenants.slug, deletedAt: tenants.deletedAt }).from(tenants).where(eq(tenants.id, pass.tenantId)));
  if (!tenant || tenant.deletedAt) return null;
  const origin = originFor({ kind: "tenant", slug: tenant.slug }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL);
  // The workspace session joins the apex one's family: ending it from the account page ends both.
  const handoff = await mintHandoff({ userId, targetHost: new URL(origin).host, ssoTenantId: pass.tenantId, parentSessionId: await currentSessionIdOf(userId) });
  return `${origin}/auth/handoff?${new URLSearchParams({ token: handoff, next: safeRedirectPath(pass.next, "/dashboard") })}`;
}
