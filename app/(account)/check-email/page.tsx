import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { VerifyEmailBanner } from "@/components/accounts/verify-email-banner";
import { AuthCard } from "@/components/auth/auth-card";
import { buttonClassName } from "@/components/ui/button";
import { unverifiedEmailOf } from "@/server/accounts/email-verification";
import { getSessionUser } from "@/server/auth/current-user";
import { withClientMessages } from "@/components/i18n/client-messages";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AuthVerifyEmail");
  return { title: t("checkTitle") };
}

/** Where sign-up lands: the address is to be confirmed; meanwhile the person may look around. */
async function CheckEmailPage() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in?next=/workspaces");
  const pending = await unverifiedEmailOf(user.id);
  if (!pending) redirect("/new");
  const t = await getTranslations("AuthVerifyEmail");
  return (
    <AuthCard title={t("checkTitle")} description={t("checkDescription")}>
      <div className="space-y-4">
        <VerifyEmailBanner email={pending} />
        <div className="flex flex-wrap gap-2">
          <Link href="/workspaces" className={buttonClassName({ variant: "outline", size: "sm" })}>
            {t("workspaces")}
          </Link>
          <Link href="/pricing" className={buttonClassName({ variant: "outline", size: "sm" })}>
            {t("pricing")}
          </Link>
          <Link href="/account" className={buttonClassName({ variant: "outline", size: "sm" })}>
            {t("account")}
          </Link>
        </div>
      </div>
    </AuthCard>
  );
}

export default withClientMessages(["AuthVerifyEmail"], CheckEmailPage);
