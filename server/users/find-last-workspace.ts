import { eq } from "drizzle-orm";
import { statusAllows } from "../../lib/workspace-policy";
import { getDb } from "../db/client";
import { listUserWorkspaces, type UserWorkspace } from "../db/cross-tenant";
import { users } from "../db/schema";

export type FindLastWorkspaceOptions = { userId: string };

/**
 * Where sign-in on the apex lands: the workspace the person used last, if they are still a member,
 * it is not deleted (atrium_user_workspaces leaves deleted ones out) and its members may view its
 * dashboard (a suspended or cancelled workspace would answer with its notice: the list shows it
 * with its status instead). Null means the list of workspaces, as before.
 */
export async function findLastWorkspace({ userId }: FindLastWorkspaceOptions): Promise<UserWorkspace | null> {
  const [user] = await getDb().select({ lastTenantId: users.lastTenantId }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user?.lastTenantId) return null;
  const workspace = (await listUserWorkspaces(userId)).find((w) => w.tenantId === user.lastTenantId);
  return workspace && statusAllows(workspace.status, "view") ? workspace : null;
}
