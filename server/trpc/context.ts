import "server-only";
import type { RequestMeta } from "../audit/record-audit-event";
import type { SessionUser } from "../auth/current-user";
import type { TenantRoute } from "../db/cross-tenant";
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
};

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
  return { user, host, tenant, meta: requestMetaFromHeaders(headers) };
}
