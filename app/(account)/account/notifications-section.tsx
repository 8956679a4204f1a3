import { NotificationPreferences } from "@/components/account/notification-preferences";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getNotificationPreferences } from "@/server/notifications/get-notification-preferences";

/** Account page: which notifications also arrive by email, in every workspace (inside the page's ClientProviders). */
export async function NotificationsSection({ userId }: { userId: string }) {
  const preferences = await getNotificationPreferences({ userId });
  return (
    <Card id="notifications">
      <CardHeader>
        <CardTitle>Email notifications</CardTitle>
        <CardDescription>
          Every notification shows under the bell in the workspace&apos;s dashboard. Choose which ones also reach you by email, in all your workspaces.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <NotificationPreferences preferences={preferences} />
      </CardContent>
    </Card>
  );
}
