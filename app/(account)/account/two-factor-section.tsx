import { getLocale, getTranslations } from "next-intl/server";
import { TwoFactorDisable } from "@/components/account/two-factor-disable";
import { TwoFactorEnrolment } from "@/components/account/two-factor-enrolment";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { listWorkspacesRequiringTwoFactor } from "@/server/db/cross-tenant";
import { getTwoFactorStatus } from "@/server/two-factor/get-two-factor-status";
import { getUserById } from "@/server/users/get-user";
import { INTL_LOCALE } from "@/lib/i18n/locales";

/** Account page: the authenticator app (TOTP), and who requires one. */
export async function TwoFactorSection({ userId }: { userId: string }) {
  const [status, requiredBy, user, t, locale] = await Promise.all([
    getTwoFactorStatus(userId),
    listWorkspacesRequiringTwoFactor(userId),
    getUserById(userId),
    getTranslations("AccountTwoFactor"),
    getLocale(),
  ]);
  const dateFormat = new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: "medium", timeZone: "UTC" });
  const reasons = [
    ...requiredBy.map((w) => t("requiredByWorkspace", { name: w.name })),
    ...(user?.operatorRole ? [t("requiredForOperator")] : []),
  ];
  return (
    <Card id="two-factor">
      <CardHeader>
        <CardTitle>
          <span className="flex items-center gap-2">
            {t("title")} {status.enabled ? <Badge variant="success">{t("on")}</Badge> : <Badge variant="outline">{t("off")}</Badge>}
          </span>
        </CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {!status.enabled && reasons.length ? (
          <Alert variant="warning" title={t("requiredTitle")}>
            {reasons.map((r) => (
              <span key={r} className="block">
                {r}
              </span>
            ))}
          </Alert>
        ) : null}
        {status.enabled ? (
          <>
            <p className="text-sm">
              {status.enabledAt ? t("onSince", { date: dateFormat.format(status.enabledAt) }) : t("onSinceRecently")}{" "}
              <span data-testid="recovery-codes-left">{t("codesLeft", { left: status.recoveryCodesLeft })}</span>
            </p>
            <TwoFactorDisable />
          </>
        ) : (
          <TwoFactorEnrolment />
        )}
      </CardContent>
    </Card>
  );
}
