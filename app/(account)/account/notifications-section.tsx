import { getTranslations } from "next-intl/server";
import { NotificationPreferences } from "@/components/account/notification-preferences";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getNotificationPreferences } from "@/server/notifications/get-notification-preferences";

/** Account page: which notifications also arrive by email, in every workspace (inside the page's ClientProviders). */
export async function NotificationsSection({ userId }: { userId: string }) {
  const [preferences, t] = await Promise.all([getNotificationPreferences({ userId }), getTranslations("AccountNotifications")]);
  return (
    <Card id="notifications">
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent>
        <NotificationPreferences preferences={preferences} />
      </CardContent>
    </Card>
  );
}
