import { and, desc, eq } from "drizzle-orm";
import { notifications } from "../db/schema";
import { withTenant } from "../db/with-tenant";

export type ListNotificationsOptions = { tenantId: string; userId: string; limit?: number };

export type NotificationView = Pick<typeof notifications.$inferSelect, "id" | "category" | "title" | "body" | "link" | "readAt" | "createdAt">;

/** The person's own most recent notifications in this workspace, newest first. */
export async function listNotifications({ tenantId, userId, limit = 30 }: ListNotificationsOptions): Promise<NotificationView[]> {
  return withTenant(tenantId, (tx) =>
    tx
      .select({
        id: notifications.id,
        category: notifications.category,
        title: notifications.title,
        body: notifications.body,
        link: notifications.link,
        readAt: notifications.readAt,
        createdAt: notifications.createdAt,
      })
      .from(notifications)
      .where(and(eq(notifications.tenantId, tenantId), eq(notifications.userId, userId)))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(limit),
  );
}
