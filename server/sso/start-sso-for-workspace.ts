import "server-only";
import { findSsoRouteForDomain, findTenantBySlug } from "../db/cross-tenant";
import { beginSsoSignIn, SsoSignInError, type BeganSso } from "./sso-sign-in";

/** Enforced SSO's way in: the workspace is named (its own dashboard sent the person here). */
export async function startSsoForWorkspace(slug: string, next: string): Promise<BeganSso> {
  const tenant = await findTenantBySlug(slug);
  if (!tenant) throw new SsoSignInError("not_available");
  return beginSsoSignIn({ tenantId: tenant.id, next });
}

/** The sign-in page's way in: the email's domain names the workspace. */
export async function startSsoForEmail(email: string): Promise<BeganSso> {
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  const route = domain ? await findSsoRouteForDomain(domain) : null;
  if (!route) throw new SsoSignInError("no_connection");
  return beginSsoSignIn({ tenantId: route.tenantId, next: "/dashboard", loginHint: email });
}
