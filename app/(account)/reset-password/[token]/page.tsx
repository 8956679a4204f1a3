import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ResetPasswordForm } from "@/components/accounts/reset-password-form";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { buttonClassName } from "@/components/ui/button";
import { viewPasswordReset } from "@/server/accounts/password-reset";
import { withClientMessages } from "@/components/i18n/client-messages";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AuthResetPassword");
  return { title: t("metaTitle"), referrer: "no-referrer" };
}

// Opening the page does not spend the link (mail scanners open links); setting the password does.
async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [link, t] = await Promise.all([viewPasswordReset(token), getTranslations("AuthResetPassword")]);
  if (!link) {
    return (
      <AuthCard title={t("invalidTitle")}>
        <div className="space-y-4">
          <Alert variant="warning">{t("invalid")}</Alert>
          <Link href="/forgot-password" className={buttonClassName({ className: "w-full" })}>
            {t("sendNewLink")}
          </Link>
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("title")} description={t("description", { email: link.email })}>
      <ResetPasswordForm token={token} email={link.email} />
    </AuthCard>
  );
}

export default withClientMessages(["AuthResetPassword"], ResetPasswordPage);
