import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { MagicLinkSignIn } from "@/components/accounts/magic-link-sign-in";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { buttonClassName } from "@/components/ui/button";
import { viewMagicLink } from "@/server/accounts/magic-link";
import { withClientMessages } from "@/components/i18n/client-messages";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AuthMagicLink");
  return { title: t("metaTitle"), referrer: "no-referrer" };
}

async function MagicLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [link, t] = await Promise.all([viewMagicLink(token), getTranslations("AuthMagicLink")]);
  if (!link) {
    return (
      <AuthCard title={t("title")}>
        <div className="space-y-4">
          <Alert variant="warning">{t("invalid")}</Alert>
          <Link href="/sign-in" className={buttonClassName({ className: "w-full" })}>
            {t("goToSignIn")}
          </Link>
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("title")} description={<span className="break-words">{t("description", { email: link.email })}</span>}>
      <MagicLinkSignIn token={token} email={link.email} />
    </AuthCard>
  );
}

export default withClientMessages(["AuthMagicLink"], MagicLinkPage);
