import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/auth/auth-card";
import { AcceptInvitationForm } from "@/components/members/accept-invitation-form";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClassName } from "@/components/ui/button";
import { signOutAction } from "@/server/auth/actions";
import { getSessionUser } from "@/server/auth/current-user";
import { handoffUrl } from "@/server/auth/handoff-url";
import { listUserWorkspaces } from "@/server/db/cross-tenant";
import { statusAllows } from "@/lib/workspace-policy";
import { viewInvitation } from "@/server/members/invitations";
import { INTL_LOCALE } from "@/lib/i18n/locales";
import { withClientMessages } from "@/components/i18n/client-messages";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AuthInvite");
  return { title: t("title") };
}

async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, user, t, locale] = await Promise.all([viewInvitation({ token }), getSessionUser(), getTranslations("AuthInvite"), getLocale()]);
  const here = `/invite/${token}`;

  // Already accepted by the person looking (an OAuth sign-up from this link joins on the way back):
  // straight into the workspace, as the Join button would have gone.
  if (invitation.state === "accepted" && user) {
    const workspace = (await listUserWorkspaces(user.id)).find((w) => w.tenantId === invitation.tenantId);
    if (workspace && statusAllows(workspace.status, "view")) redirect(await handoffUrl(user.id, { kind: "tenant", slug: workspace.slug }, "/dashboard"));
  }
  if (invitation.state !== "pending") {
    const message = invitation.state === "invalid" ? t("invalid") : t("ended", { tenant: invitation.tenantName, state: invitation.state });
    return (
      <AuthCard title={t("title")}>
        <Alert variant="warning">{message}</Alert>
      </AuthCard>
    );
  }

  const dateFormat = new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: "medium", timeZone: "UTC" });
  const description = t("description", { tenant: invitation.tenantName, role: invitation.role, email: invitation.email, date: dateFormat.format(invitation.expiresAt) });
  const title = t("join", { tenant: invitation.tenantName });
  if (!user) {
    return (
      <AuthCard title={title} description={description}>
        <div className="space-y-3">
          <Link href={`/sign-up?${new URLSearchParams({ next: here, email: invitation.email })}`} className={buttonClassName({ className: "w-full" })}>
            {t("createAccount")}
          </Link>
          <Link href={`/sign-in?${new URLSearchParams({ next: here })}`} className={buttonClassName({ variant: "outline", className: "w-full" })}>
            {t("haveAccount")}
          </Link>
        </div>
      </AuthCard>
    );
  }
  if (user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    return (
      <AuthCard title={title} description={description}>
        <Alert variant="warning" title={t("differentAccount")}>
          {t("differentAccountText", { current: user.email, invited: invitation.email })}
        </Alert>
        <form action={signOutAction} className="mt-4">
          <Button type="submit" variant="outline" className="w-full">
            {t("signOut")}
          </Button>
        </form>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={title} description={description}>
      <AcceptInvitationForm token={token} tenantName={invitation.tenantName} />
    </AuthCard>
  );
}

export default withClientMessages(["AuthInvite"], InvitationPage);
