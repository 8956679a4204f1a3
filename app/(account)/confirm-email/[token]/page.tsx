import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ConfirmEmailChangeForm } from "@/components/accounts/confirm-email-change-form";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { viewEmailChange } from "@/server/accounts/email-change";
import { withClientMessages } from "@/components/i18n/client-messages";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AuthEmailChange");
  return { title: t("confirmTitle"), referrer: "no-referrer" };
}

async function ConfirmEmailChangePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [change, t] = await Promise.all([viewEmailChange(token), getTranslations("AuthEmailChange")]);
  if (!change) {
    return (
      <AuthCard title={t("confirmTitle")}>
        <Alert variant="warning">{t("confirmInvalid")}</Alert>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("confirmTitle")} description={<span className="break-words">{t("confirmDescription", { from: change.from, to: change.to })}</span>}>
      <ConfirmEmailChangeForm token={token} to={change.to} />
    </AuthCard>
  );
}

export default withClientMessages(["AuthEmailChange"], ConfirmEmailChangePage);
