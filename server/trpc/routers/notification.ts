import { z } from "zod";
import { NOTIFICATION_CATEGORIES } from "../../../lib/notification-categories";
import { countUnreadNotifications } from "../../notifications/count-unread-notifications";
import { getNotificationPreferences } from "../../notifications/get-notification-preferences";
import { listNotifications } from "../../notifications/list-notifications";
import { markAllNotificationsRead } from "../../notifications/mark-all-notifications-read";
import { markNotificationRead } from "../../notifications/mark-notification-read";
import { setNotificationPreference } from "../../notifications/set-notification-preference";
import { protectedProcedure, router, workspaceProcedure } from "../init";

// A person's own notifications in the workspace the host names. "enter": a suspended workspace's
// members still read their notices (a failed payment is why it is suspended).
const OWN = { capability: "enter" } as const;

export const notificationRouter = router({
  list: workspaceProcedure(OWN).query(({ ctx }) => listNotifications({ tenantId: ctx.tenant.id, userId: ctx.user.id })),

  unreadCount: workspaceProcedure(OWN).query(({ ctx }) => countUnreadNotifications({ tenantId: ctx.tenant.id, userId: ctx.user.id })),

  markRead: workspaceProcedure(OWN)
    .input(z.object({ notificationId: z.uuid("Not a notification id.") }))
    .mutation(({ ctx, input }) => markNotificationRead({ tenantId: ctx.tenant.id, userId: ctx.user.id, notificationId: input.notificationId })),

  markAllRead: workspaceProcedure(OWN).mutation(({ ctx }) => markAllNotificationsRead({ tenantId: ctx.tenant.id, userId: ctx.user.id })),

  // The person's email choices: theirs across workspaces, set on the account page.
  preferences: protectedProcedure.query(({ ctx }) => getNotificationPreferences({ userId: ctx.user.id })),

  setPreference: protectedProcedure
    .input(z.object({ category: z.enum(NOTIFICATION_CATEGORIES, "Not a notification category."), email: z.boolean() }))
    .mutation(({ ctx, input }) => setNotificationPreference({ userId: ctx.user.id, category: input.category, email: input.email })),
});
