import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { ClientProviders } from "@/components/trpc/providers";
import { CreateWorkspaceForm } from "@/components/workspaces/create-workspace-form";
import { getSessionUser } from "@/server/auth/current-user";
import { env } from "@/server/env";

export const metadata: Metadata = { title: "Create a workspace" };

export default async function NewWorkspacePage() {
  if (!(await getSessionUser())) redirect("/sign-in?next=/new");
  return (
    <AuthCard title="Create your workspace" description="Your team's home in Atrium, on its own address.">
      <ClientProviders>
        <CreateWorkspaceForm rootDomain={env.ROOT_DOMAIN} />
      </ClientProviders>
    </AuthCard>
  );
}
