import Link from "next/link";
import { cookies, headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/auth/auth-card";
import { TwoFactorStep } from "@/components/auth/two-factor-step";
import { PasskeySecondFactor } from "@/components/passkeys/passkey-second-factor";
import { hasPasskey } from "@/server/passkeys/has-passkey";
import { getTwoFactorStatus } from "@/server/two-factor/get-two-factor-status";
import { pendingSignInCookieName } from "@/server/auth/second-factor";
import { requestHost } from "@/server/http/request-meta";
import { env } from "@/server/env";
import { parseHost } from "@/server/hosts/parse-host";
import { findPendingSignIn } from "@/server/two-factor/pending-sign-in";

/** The step between password and session, on the apex and on workspace hosts alike. */
export async function SecondFactorPage({ title }: { title?: string }) {
  const t = await getTranslations("AuthTwoFactor");
  const [jar, requestHeaders] = await Promise.all([cookies(), headers()]);
  const token = jar.get(pendingSignInCookieName())?.value ?? "";
  const pending = token ? await findPendingSignIn(token, requestHost(requestHeaders)) : null;
  const signInHref = pending ? `/sign-in?next=${encodeURIComponent(pending.next)}` : "/sign-in";
  // Offer what this person has: an authenticator app (with its recovery codes), passkeys, or both.
  // Passkeys belong to the apex (their relying party), so workspace hosts offer codes only.
  const onApex = parseHost(requestHost(requestHeaders), env.ROOT_DOMAIN).kind === "apex";
  const [totp, passkey] = pending ? await Promise.all([getTwoFactorStatus(pending.userId), onApex ? hasPasskey(pending.userId) : false]) : [null, false];
  return (
    <AuthCard title={title ?? t("title")} description={pending ? t("description") : undefined}>
      {pending ? (
        <div className="space-y-4">
          {passkey ? <PasskeySecondFactor /> : null}
          {passkey && totp?.enabled ? <p className="text-center text-xs text-muted-foreground">{t("orCode")}</p> : null}
          {totp?.enabled ? (
            <TwoFactorStep signInHref={signInHref} />
          ) : (
            <Link href={signInHref} className="block text-center text-sm font-medium text-primary underline-offset-4 hover:underline">
              {t("signInAgain")}
            </Link>
          )}
        </div>
      ) : (
        <div className="space-y-4 text-sm">
          <p>{t("expired")}</p>
          <Link href="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
            {t("signInAgain")}
          </Link>
        </div>
      )}
    </AuthCard>
  );
}
