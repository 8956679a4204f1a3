import "server-only";
import { findTenantByDomain, listUserWorkspaces } from "../db/cross-tenant";
import { env } from "../env";
import { normalizeHostname } from "../hosts/parse-host";
import { mintHandoff } from "./handoff";

const HOST = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?(?::\d{1,5})?$/;

/**
 * Sign-in for a custom domain happens on the apex; this turns the signed-in apex session into a
 * one-time hand-off onto that domain. Null unless the domain is verified and the user a member.
 */
export async function customDomainHandoffUrl(userId: string, host: string, next: string): Promise<string | null> {
  const cleanHost = host.trim().toLowerCase();
  if (!HOST.test(cleanHost)) return null;
  const tenant = await findTenantByDomain(normalizeHostname(cleanHost));
  if (!tenant) return null;
  const workspaces = await listUserWorkspaces(userId);
  if (!workspaces.some((w) => w.tenantId === tenant.id)) return null;
  const token = await mintHandoff({ userId, targetHost: cleanHost });
  return `${env.PUBLIC_PROTOCOL}://${cleanHost}/auth/handoff?${new URLSearchParams({ token, next })}`;
}
