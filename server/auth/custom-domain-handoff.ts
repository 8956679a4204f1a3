import "server-only";
import { findTenantByDomain, listUserWorkspaces } from "../db/cross-tenant";
import { defaultDnsResolver, type DnsResolver } from "../domains/dns-resolver";
import { env } from "../env";
import { normalizeHostname } from "../hosts/parse-host";
import { mintHandoff } from "./handoff";

const HOSTNAME = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/;
const bare = (name: string) => name.toLowerCase().replace(/\.$/, "");

/**
 * Sign-in for a custom domain happens on the apex; this turns the signed-in apex session into a
 * one-time hand-off onto that domain. Null unless the domain is verified, still points at the
 * platform right now (so a token is never sent to a host someone has since re-pointed), and the
 * user is a member of its workspace.
 */
export async function customDomainHandoffUrl(userId: string, host: string, next: string, resolver: DnsResolver = defaultDnsResolver()): Promise<string | null> {
  const hostname = normalizeHostname(host);
  if (!HOSTNAME.test(hostname)) return null;
  const tenant = await findTenantByDomain(hostname);
  if (!tenant) return null;
  const workspaces = await listUserWorkspaces(userId);
  if (!workspaces.some((w) => w.tenantId === tenant.id)) return null;
  const cnames = await resolver.cname(hostname).catch(() => [] as string[]);
  if (!cnames.some((c) => bare(c) === env.CUSTOM_DOMAIN_TARGET)) return null;
  // The platform's own port (development only) applies to custom domains too.
  const port = env.ROOT_DOMAIN.match(/:(\d+)$/)?.[1];
  const target = port ? `${hostname}:${port}` : hostname;
  const token = await mintHandoff({ userId, targetHost: target });
  return `${env.PUBLIC_PROTOCOL}://${target}/auth/handoff?${new URLSearchParams({ token, next })}`;
}
