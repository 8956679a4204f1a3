import "server-only";
import { listUserWorkspaces } from "../db/cross-tenant";
import { env } from "../env";
import { parseHost } from "../hosts/parse-host";
import { logger } from "../logger";
import { resolveTenantByDomain, resolveTenantBySlug } from "../tenants/tenant-cache";
import { recordLastWorkspace } from "../users/record-last-workspace";

/**
 * A session was just started on `host` through a hand-off: if that host is a workspace (its
 * subdomain or a custom domain) the person is a member of, it becomes where their next sign-in on
 * the apex lands. Non-members (anyone may sign in on any workspace's host, and is then not found)
 * leave the remembered workspace alone. Best effort: a failure here never fails the sign-in.
 */
export async function rememberWorkspaceHost(userId: string, host: string): Promise<void> {
  const target = parseHost(host, env.ROOT_DOMAIN);
  try {
    const tenant =
      target.kind === "tenant" ? await resolveTenantBySlug(target.slug) : target.kind === "foreign" ? await resolveTenantByDomain(target.hostname) : null;
    if (!tenant) return;
    if (!(await listUserWorkspaces(userId)).some((w) => w.tenantId === tenant.id)) return;
    await recordLastWorkspace({ userId, tenantId: tenant.id });
  } catch (error) {
    logger.warn("could not remember the last workspace", { error });
  }
}
