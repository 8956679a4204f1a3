import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { DeleteAccountForm } from "@/components/account/delete-account-form";
import { TwoFactorSection } from "./two-factor-section";
import { buttonClassName } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getSessionUser } from "@/server/auth/current-user";
import { listUserWorkspaces } from "@/server/db/cross-tenant";
import { soleOwnerWorkspaces } from "@/server/users/account";
import { AccountEmailSection } from "@/app/_accounts/account-email-section";
import { SessionsSection } from "./sessions-section";
import { PasskeysSection } from "./passkeys-section";
import { NotificationsSection } from "./notifications-section";
import { ThemeChoice } from "@/components/theme/theme-choice";
import { LanguageChoice } from "@/components/i18n/language-choice";
import { TimeZoneForm } from "@/components/account/time-zone-form";
import { timeZoneOptions } from "@/lib/time-zone";
import { ClientProviders } from "@/components/trpc/providers";
import { getTimeZone } from "@/server/users/set-time-zone";
import { withClientMessages } from "@/components/i18n/client-messages";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AccountPage");
  return { title: t("title") };
}

async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in?next=/account");
  const query = await searchParams;
  const [workspaces, blockedBy, timeZone, t, common] = await Promise.all([
    listUserWorkspaces(user.id),
    soleOwnerWorkspaces(user.id),
    getTimeZone(user.id),
    getTranslations("AccountPage"),
    getTranslations("Common"),
  ]);
  // One set of client providers (and so one pair of toast regions) for the page's forms.
  return (
    <ClientProviders>
      <div className="mx-auto w-full max-w-2xl space-y-6 px-4 py-12">
        <div>
          <Link href="/workspaces" className="text-sm text-muted-foreground underline-offset-4 hover:underline">
            {t("backToWorkspaces")}
          </Link>
          <h1 className="mt-2 text-2xl font-semibold tracking-tight">{t("heading")}</h1>
          <p className="text-sm text-muted-foreground">
            {user.name} · {user.email}
          </p>
        </div>
        <AccountEmailSection userId={user.id} email={user.email} changed={query.emailChanged === "1"} cancelled={query.emailChangeCancelled === "1"} />
        <Card>
          <CardHeader>
            <CardTitle>{t("downloadTitle")}</CardTitle>
            <CardDescription>{t("downloadDescription")}</CardDescription>
          </CardHeader>
          <CardContent>
            <a href="/account/export" className={buttonClassName({ variant: "outline" })} download>
              {t("downloadButton")}
            </a>
          </CardContent>
        </Card>
        <Card id="preferences">
          <CardHeader>
            <CardTitle>{t("preferencesTitle")}</CardTitle>
            <CardDescription>{t("preferencesDescription")}</CardDescription>
          </CardHeader>
          <CardContent className="space-y-6">
            <div className="space-y-1.5">
              <p className="text-sm font-medium">{common("theme")}</p>
              <ThemeChoice />
              <p className="text-sm text-muted-foreground">{t("themeHint")}</p>
            </div>
            <div className="space-y-1.5">
              {/* Its own label above the select, in the weight of the card's other labels (Theme, Time zone). */}
              <LanguageChoice className="flex-col items-start! gap-1.5! [&_label]:font-medium [&_label]:text-foreground" />
              <p className="text-sm text-muted-foreground">{t("languageHint")}</p>
            </div>
            <TimeZoneForm saved={timeZone} options={timeZoneOptions()} />
          </CardContent>
        </Card>
        <ChangePasswordForm />
        <TwoFactorSection userId={user.id} />
        <PasskeysSection userId={user.id} />
        <SessionsSection user={user} timeZone={timeZone} />
        <NotificationsSection userId={user.id} />
        <DeleteAccountForm blockedBy={blockedBy} workspaceCount={workspaces.length} />
      </div>
    </ClientProviders>
  );
}

export default withClientMessages(["AccountPassword", "AccountDelete", "AccountTwoFactor", "AuthEmailChange", "AuthVerifyEmail", "AccountSessions", "AccountPasskeys", "AccountPasskeyPrompt", "AccountNotifications", "AccountTimeZone"], AccountPage);
