import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { VerifyEmailBanner } from "@/components/accounts/verify-email-banner";
import { AuthCard } from "@/components/auth/auth-card";
import { Alert } from "@/components/ui/alert";
import { buttonClassName } from "@/components/ui/button";
import { unverifiedEmailOf, verifyEmail } from "@/server/accounts/email-verification";
import { getSessionUser } from "@/server/auth/current-user";
import { withClientMessages } from "@/components/i18n/client-messages";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AuthVerifyEmail");
  return { title: t("metaTitle"), referrer: "no-referrer" };
}

// Following the link confirms the address when the account it is for is signed in here; anyone
// else (a mail scanner, the inbox's owner signed out) is asked to sign in as that account first.
async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [user, t] = await Promise.all([getSessionUser(), getTranslations("AuthVerifyEmail")]);
  const result = await verifyEmail(token, user?.id ?? null);
  if (result.state === "sign_in") {
    return (
      <AuthCard title={t("metaTitle")}>
        <div className="space-y-4">
          <p className="text-sm text-muted-foreground">{t(user ? "signInAsOther" : "signInToConfirm", { email: result.email })}</p>
          {user ? null : (
            <Link href={`/sign-in?next=${encodeURIComponent(`/verify-email/${token}`)}`} className={buttonClassName({ className: "w-full" })}>
              {t("signInAndConfirm")}
            </Link>
          )}
        </div>
      </AuthCard>
    );
  }
  if (result.state !== "invalid") {
    return (
      <AuthCard title={t("confirmedTitle")}>
        <div className="space-y-4">
          <Alert variant="success">{t("confirmed", { email: result.email })}</Alert>
          <Link href={user ? "/new" : "/sign-in?next=/new"} className={buttonClassName({ className: "w-full" })}>
            {user ? t("createWorkspace") : t("signIn")}
          </Link>
        </div>
      </AuthCard>
    );
  }
  const pending = user ? await unverifiedEmailOf(user.id) : null;
  return (
    <AuthCard title={t("metaTitle")}>
      <div className="space-y-4">
        <Alert variant="warning">{t("invalid")}</Alert>
        {pending ? (
          <VerifyEmailBanner email={pending} />
        ) : user ? (
          <Link href="/workspaces" className={buttonClassName({ className: "w-full" })}>
            {t("workspaces")}
          </Link>
        ) : (
          <p className="text-sm text-muted-foreground">
            {t.rich("signInForNewLink", {
              link: (chunks) => (
                <Link href="/sign-in?next=/workspaces" className="font-medium text-primary underline-offset-4 hover:underline">
                  {chunks}
                </Link>
              ),
            })}
          </p>
        )}
      </div>
    </AuthCard>
  );
}

export default withClientMessages(["AuthVerifyEmail"], VerifyEmailPage);
