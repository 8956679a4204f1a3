import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { ClientProviders } from "@/components/trpc/providers";
import { CreateWorkspaceForm } from "@/components/workspaces/create-workspace-form";
import { getSessionUser } from "@/server/auth/current-user";
import { env } from "@/server/env";
import { VerifyEmailNotice } from "@/app/_accounts/verify-email-notice";

export const metadata: Metadata = { title: "Create a workspace" };

export default async function NewWorkspacePage() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in?next=/new");
  return (
    <AuthCard title="Create your workspace" description="Your team's home in Atrium, on its own address.">
      <VerifyEmailNotice userId={user.id} className="mb-4" />
      <ClientProviders>
        <CreateWorkspaceForm rootDomain={env.ROOT_DOMAIN} />
      </ClientProviders>
    </AuthCard>
  );
}
