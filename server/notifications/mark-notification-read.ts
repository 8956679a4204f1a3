import { and, eq, sql } from "drizzle-orm";
import { notifications } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { AppError } from "../errors";

export type MarkNotificationReadOptions = { tenantId: string; userId: string; notificationId: string };

/**
 * Marks one of the person's own notifications read (again is fine: the first time stays). Someone
 * else's, or another workspace's, is not found: it is not theirs to know about.
 */
export async function markNotificationRead({ tenantId, userId, notificationId }: MarkNotificationReadOptions): Promise<{ id: string; readAt: Date }> {
  const [row] = await withTenant(tenantId, (tx) =>
    tx
      .update(notifications)
      .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
      .where(and(eq(notifications.tenantId, tenantId), eq(notifications.userId, userId), eq(notifications.id, notificationId)))
      .returning({ id: notifications.id, readAt: notifications.readAt }),
  );
  if (!row?.readAt) throw new AppError("NOT_FOUND", "That notification was not found.");
  return { id: row.id, readAt: row.readAt };
}
