import "server-only";
import { findTenantByDomain, listUserWorkspaces } from "../db/cross-tenant";
import { pointsAt } from "../domains/check-dns";
import { defaultDnsResolver, type DnsResolver } from "../domains/dns-resolver";
import { env } from "../env";
import { normalizeHostname, parseHost, rootPort } from "../hosts/parse-host";
import { currentSessionIdOf } from "./current-session-id";
import { mintHandoff } from "./handoff";
import { handoffUrl } from "./handoff-url";

const HOSTNAME = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/;

/**
 * Sign-in for a custom domain (and, for people with a second factor, for a workspace subdomain)
 * happens on the apex; this turns the signed-in apex session into a
 * one-time hand-off onto that domain. Null unless the domain is verified, still points at the
 * platform right now (so a token is never sent to a host someone has since re-pointed), and the
 * user is a member of its workspace.
 */
export async function customDomainHandoffUrl(userId: string, host: string, next: string, resolver: DnsResolver = defaultDnsResolver()): Promise<string | null> {
  const hostname = normalizeHostname(host);
  const platformHost = parseHost(host, env.ROOT_DOMAIN);
  if (platformHost.kind === "tenant") {
    // A workspace subdomain of the platform itself (its own password form sends people with a
    // second factor here): members only, the same answer as an unknown domain otherwise.
    const workspaces = await listUserWorkspaces(userId);
    return workspaces.some((w) => w.slug === platformHost.slug) ? handoffUrl(userId, platformHost, next) : null;
  }
  if (platformHost.kind !== "foreign" || !HOSTNAME.test(hostname)) return null;
  const tenant = await findTenantByDomain(hostname);
  if (!tenant) return null;
  const workspaces = await listUserWorkspaces(userId);
  if (!workspaces.some((w) => w.tenantId === tenant.id)) return null;
  const cnames = await resolver.cname(hostname).catch(() => [] as string[]);
  if (!pointsAt(cnames, env.CUSTOM_DOMAIN_TARGET)) return null;
  // The platform's own port (development only) applies to custom domains too.
  const port = rootPort(env.ROOT_DOMAIN);
  const target = port ? `${hostname}:${port}` : hostname;
  const token = await mintHandoff({ userId, targetHost: target, parentSessionId: await currentSessionIdOf(userId) });
  return `${env.PUBLIC_PROTOCOL}://${target}/auth/handoff?${new URLSearchParams({ token, next })}`;
}
