import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ForgotPasswordForm } from "@/components/accounts/forgot-password-form";
import { AuthCard } from "@/components/auth/auth-card";
import { withClientMessages } from "@/components/i18n/client-messages";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AuthForgotPassword");
  return { title: t("metaTitle") };
}

async function ForgotPasswordPage() {
  const t = await getTranslations("AuthForgotPassword");
  return (
    <AuthCard title={t("title")} description={t("description")}>
      <ForgotPasswordForm />
    </AuthCard>
  );
}

export default withClientMessages(["AuthForgotPassword"], ForgotPasswordPage);
