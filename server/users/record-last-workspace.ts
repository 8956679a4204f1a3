import { and, eq, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { users } from "../db/schema";

export type RecordLastWorkspaceOptions = { userId: string; tenantId: string };

/**
 * Remembers the workspace a person just entered, so their next sign-in on the apex lands there.
 * Called where a session is started on a workspace host (the hand-off), never on a page render;
 * an unchanged value is not rewritten (no dead row per sign-in).
 */
export async function recordLastWorkspace({ userId, tenantId }: RecordLastWorkspaceOptions): Promise<void> {
  await getDb()
    .update(users)
    .set({ lastTenantId: tenantId })
    .where(and(eq(users.id, userId), sql`${users.lastTenantId} is distinct from ${tenantId}::uuid`));
}
