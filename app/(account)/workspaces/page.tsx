import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClassName } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { goToOperatorConsoleAction, goToWorkspaceAction, signOutAction } from "@/server/auth/actions";
import { getSessionUser } from "@/server/auth/current-user";
import { listUserWorkspaces } from "@/server/db/cross-tenant";
import { getUserById } from "@/server/users/get-user";
import { env } from "@/server/env";
import { VerifyEmailNotice } from "@/app/_accounts/verify-email-notice";
import { withClientMessages } from "@/components/i18n/client-messages";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AccountWorkspaces");
  return { title: t("title") };
}

async function WorkspacesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await getSessionUser();
  if (!session) redirect("/sign-in?next=/workspaces");
  const [workspaces, user, t] = await Promise.all([listUserWorkspaces(session.id), getUserById(session.id), getTranslations("AccountWorkspaces")]);
  return (
    <div className="mx-auto w-full max-w-2xl px-4 py-12">
      <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{t("heading")}</h1>
          <p className="text-sm text-muted-foreground">{t("signedInAs", { email: session.email })}</p>
        </div>
        <div className="flex gap-2">
          <Link href="/new" className={buttonClassName({ size: "sm" })}>
            {t("create")}
          </Link>
          <Link href="/account" className={buttonClassName({ size: "sm", variant: "outline" })}>
            {t("account")}
          </Link>
          <form action={signOutAction}>
            <Button type="submit" variant="outline" size="sm">
              {t("signOut")}
            </Button>
          </form>
        </div>
      </div>
      {(await searchParams).deleted === "1" ? (
        <Alert variant="success" className="mb-6">
          {t("deleted", { days: env.WORKSPACE_RETENTION_DAYS })}
        </Alert>
      ) : null}
      <VerifyEmailNotice userId={session.id} className="mb-6" />
      {workspaces.length === 0 ? (
        <EmptyState
          headingLevel={2}
          title={t("emptyTitle")}
          description={t("emptyDescription")}
          action={
            <Link href="/new" className={buttonClassName({})}>
              {t("createFirst")}
            </Link>
          }
        />
      ) : (
        <ul className="space-y-3">
          {workspaces.map((w) => (
            <li key={w.tenantId}>
              <Card>
                <CardHeader className="flex flex-row items-center justify-between gap-4">
                  <div className="min-w-0">
                    <CardTitle>{w.name}</CardTitle>
                    <CardDescription className="truncate">
                      {w.slug}.{env.ROOT_DOMAIN}
                    </CardDescription>
                  </div>
                  <div className="flex shrink-0 items-center gap-3">
                    <Badge variant="outline">{t(`role.${w.role}`)}</Badge>
                    <form action={goToWorkspaceAction}>
                      <input type="hidden" name="slug" value={w.slug} />
                      <Button type="submit" size="sm" aria-label={t("openLabel", { name: w.name })}>
                        {t("open")}
                      </Button>
                    </form>
                  </div>
                </CardHeader>
              </Card>
            </li>
          ))}
        </ul>
      )}
      {user?.operatorRole ? (
        <Card className="mt-8">
          <CardContent className="flex items-center justify-between gap-4 py-4">
            <p className="text-sm">{t("operator")}</p>
            <form action={goToOperatorConsoleAction}>
              <Button type="submit" variant="secondary" size="sm">
                {t("operatorConsole")}
              </Button>
            </form>
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}

export default withClientMessages(["AuthVerifyEmail"], WorkspacesPage);
