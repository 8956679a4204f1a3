import { and, eq, isNull } from "drizzle-orm";
import { notifications } from "../db/schema";
import { withTenant } from "../db/with-tenant";

export type MarkAllNotificationsReadOptions = { tenantId: string; userId: string };

/** Marks every unread notification of the person in this workspace read; returns how many. */
export async function markAllNotificationsRead({ tenantId, userId }: MarkAllNotificationsReadOptions): Promise<{ marked: number }> {
  const rows = await withTenant(tenantId, (tx) =>
    tx
      .update(notifications)
      .set({ readAt: new Date() })
      .where(and(eq(notifications.tenantId, tenantId), eq(notifications.userId, userId), isNull(notifications.readAt)))
      .returning({ id: notifications.id }),
  );
  return { marked: rows.length };
}
