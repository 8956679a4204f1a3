import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { ClientProviders } from "@/components/trpc/providers";
import { CreateWorkspaceForm } from "@/components/workspaces/create-workspace-form";
import { getSessionUser } from "@/server/auth/current-user";
import { env } from "@/server/env";
import { VerifyEmailNotice } from "@/app/_accounts/verify-email-notice";
import { withClientMessages } from "@/components/i18n/client-messages";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("AccountNewWorkspace");
  return { title: t("title") };
}

async function NewWorkspacePage() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in?next=/new");
  const t = await getTranslations("AccountNewWorkspace");
  return (
    <AuthCard title={t("heading")} description={t("description")}>
      <VerifyEmailNotice userId={user.id} className="mb-4" />
      <ClientProviders>
        <CreateWorkspaceForm rootDomain={env.ROOT_DOMAIN} />
      </ClientProviders>
    </AuthCard>
  );
}

export default withClientMessages(["AccountNewWorkspace", "AuthVerifyEmail"], NewWorkspacePage);
