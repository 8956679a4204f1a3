import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import { notifications } from "../db/schema";
import { withTenant } from "../db/with-tenant";

/** The bell shows "99+" beyond this, so counting further would only cost. */
export const UNREAD_COUNT_CAP = 100;

/**
 * The unread count as a scalar subquery, for the dashboard frame's one statement
 * (server/tenants/workspace-frame.ts), capped so a long backlog stays cheap.
 */
export function unreadNotificationCountSql(tenantId: string, userId: string): SQL<number> {
  return sql<number>`(select count(*) from (select 1 from ${notifications} where ${notifications.tenantId} = ${tenantId} and ${notifications.userId} = ${userId} and ${notifications.readAt} is null limit ${UNREAD_COUNT_CAP}) unread)`.mapWith(Number);
}

export type CountUnreadNotificationsOptions = { tenantId: string; userId: string };

/** How many of the person's notifications in this workspace are unread (at most UNREAD_COUNT_CAP). */
export async function countUnreadNotifications({ tenantId, userId }: CountUnreadNotificationsOptions): Promise<number> {
  const rows = await withTenant(tenantId, (tx) =>
    tx
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.tenantId, tenantId), eq(notifications.userId, userId), isNull(notifications.readAt)))
      .limit(UNREAD_COUNT_CAP),
  );
  return rows.length;
}
