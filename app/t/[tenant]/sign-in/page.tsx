import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";
import { requestHost } from "@/server/http/request-meta";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { requireHostTenant } from "@/server/trpc/tenant-surface";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { withClientMessages } from "@/components/i18n/client-messages";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AuthSignIn");
  return { title: t("title") };
}

type Props = { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | undefined>> };

async function TenantSignInPage({ params, searchParams }: Props) {
  const [{ tenant, user, host }, query] = await Promise.all([requireHostTenant((await params).tenant), searchParams]);
  const next = safeRedirectPath(query.next, "/dashboard");
  if (user) redirect(next);
  if (host.kind === "foreign") {
    // On a custom domain, sign-in happens on the apex and comes back through a one-time hand-off.
    const apex = originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL);
    redirect(`${apex}/auth/continue?${new URLSearchParams({ host: requestHost(await headers()), next })}`);
  }
  const t = await getTranslations("AuthSignIn");
  const notice = query.error === "handoff" ? t("noticeHandoff") : query.signedOut ? t("noticeSignedOut") : undefined;
  return (
    <main id="main">
      <AuthCard title={t("tenantTitle", { tenant: tenant!.name })}>
        <SignInForm next={next} notice={notice} showSignUp={false} forgotPasswordHref={`${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/forgot-password`} />
      </AuthCard>
    </main>
  );
}

export default withClientMessages(["AuthSignIn"], TenantSignInPage);
