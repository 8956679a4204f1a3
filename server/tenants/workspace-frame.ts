import "server-only";
import { eq, getTableColumns, sql } from "drizzle-orm";
import { decideWorkspaceAccess, statusAllows } from "../../lib/workspace-policy";
import { listUserWorkspaces, type UserWorkspace } from "../db/cross-tenant";
import { memberships, tenants, users, type MembershipRole, type Tenant } from "../db/schema";
import { readTogether, withTenant } from "../db/with-tenant";
import { membershipReads } from "../members/get-membership";
import { unreadNotificationCountSql } from "../notifications/count-unread-notifications";
import { getUsageSnapshot, type UsageSnapshot } from "../usage/usage-snapshot";

export type FrameTenant = Tenant & { memberCount: number; role: MembershipRole };

export type WorkspaceFrame = {
  tenant: FrameTenant;
  /** The user's workspaces, for the switcher. */
  workspaces: UserWorkspace[];
  /** Null when the workspace's status does not let members view it (suspended, cancelled). */
  usage: UsageSnapshot | null;
  /** The caller's unread notifications here, for the bell (capped, see UNREAD_COUNT_CAP). */
  unreadNotifications: number;
  /** The caller's time zone (lib/time-zone.ts); null: UTC. */
  timeZone: string | null;
};

/**
 * Everything the dashboard frame needs for one signed-in member, in one transaction: the
 * workspace row with the caller's role, the member count and the caller's unread
 * notifications (one statement), then the user's
 * workspaces and the usage snapshot (cached for a few seconds) side by side. Null when the user is
 * not a member or the workspace cannot be entered (deleted): callers answer not-found.
 */
export async function loadWorkspaceFrame(tenantId: string, userId: string, { supportRole = null }: { supportRole?: MembershipRole | null } = {}): Promise<WorkspaceFrame | null> {
  return readTogether(tenantId, async () => {
    const row = await withTenant(tenantId, async (tx) => {
      membershipReads.count++;
      const [found] = await tx
        .select({
          ...getTableColumns(tenants),
          role: sql<MembershipRole | null>`(select ${memberships.role} from ${memberships} where ${memberships.tenantId} = ${tenantId} and ${memberships.userId} = ${userId} limit 1)`,
          memberCount: sql<number>`(select count(*) from ${memberships} where ${memberships.tenantId} = ${tenantId})`.mapWith(Number),
          unreadNotifications: unreadNotificationCountSql(tenantId, userId),
          // The caller's time zone rides along (users is platform-wide, no row-level security).
          timeZone: sql<string | null>`(select ${users.timeZone} from ${users} where ${users.id} = ${userId})`,
        })
        .from(tenants)
        .where(eq(tenants.id, tenantId));
      return found;
    });
    // Read fresh: a workspace deleted on another instance is gone here too, whatever that
    // instance's host cache still says.
    // Support access (server/support) enters without a membership row, as the owner's view.
    const role = row?.role ?? supportRole;
    const entry = decideWorkspaceAccess({ workspace: row ? { status: row.status, deleted: row.deletedAt !== null } : null, role }, { capability: "enter" });
    if (!row || !role || !entry.allowed) return null;
    const { unreadNotifications, timeZone, ...workspaceRow } = row;
    const tenant: FrameTenant = { ...workspaceRow, role };
    const [workspaces, usage] = await Promise.all([
      withTenant(tenantId, (tx) => listUserWorkspaces(userId, tx)),
      statusAllows(tenant.status, "view") ? getUsageSnapshot(tenantId) : null,
    ]);
    return { tenant, workspaces, usage, unreadNotifications, timeZone };
  });
}
