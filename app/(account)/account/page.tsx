import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
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
import { TimeZoneForm } from "@/components/account/time-zone-form";
import { timeZoneOptions } from "@/lib/time-zone";
import { ClientProviders } from "@/components/trpc/providers";
import { getTimeZone } from "@/server/users/set-time-zone";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in?next=/account");
  const [workspaces, blockedBy, timeZone] = await Promise.all([listUserWorkspaces(user.id), soleOwnerWorkspaces(user.id), getTimeZone(user.id)]);
  // One set of client providers (and so one pair of toast regions) for the page's forms.
  return (
    <ClientProviders>
      <div className="mx-auto w-full max-w-2xl space-y-6 px-4 py-12">
        <div>
          <Link href="/workspaces" className="text-sm text-muted-foreground underline-offset-4 hover:underline">
            ← Your workspaces
          </Link>
          <h1 className="mt-2 text-2xl font-semibold tracking-tight">Your account</h1>
          <p className="text-sm text-muted-foreground">
            {user.name} · {user.email}
          </p>
        </div>
        <AccountEmailSection userId={user.id} email={user.email} changed={(await searchParams).emailChanged === "1"} />
        <Card>
          <CardHeader>
            <CardTitle>Download your data</CardTitle>
            <CardDescription>
              A JSON file with your profile, the workspaces you belong to and your activity in them. Workspace data itself (members, usage, invoices) is exported by a
              workspace owner.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <a href="/account/export" className={buttonClassName({ variant: "outline" })} download>
              Download my data
            </a>
          </CardContent>
        </Card>
        <Card id="preferences">
          <CardHeader>
            <CardTitle>Preferences</CardTitle>
            <CardDescription>How the portal looks, and the time zone of times on the audit log and usage charts in every workspace.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-6">
            <div className="space-y-1.5">
              <p className="text-sm font-medium">
                Theme
              </p>
              <ThemeChoice />
              <p className="text-sm text-muted-foreground">System follows your device&apos;s light or dark setting. Your choice is kept in this browser.</p>
            </div>
            <TimeZoneForm saved={timeZone} options={timeZoneOptions()} />
          </CardContent>
        </Card>
        <TwoFactorSection userId={user.id} />
        <PasskeysSection userId={user.id} />
        <SessionsSection user={user} timeZone={timeZone} />
        <NotificationsSection userId={user.id} />
        <DeleteAccountForm blockedBy={blockedBy} workspaceCount={workspaces.length} />
      </div>
    </ClientProviders>
  );
}
