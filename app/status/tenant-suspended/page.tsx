import type { Metadata } from "next";
import { LeaveWorkspace } from "@/components/members/leave-workspace";
import { StatusPage } from "@/components/marketing/status-page";
import { SupportBanner } from "@/components/support/support-banner";
import { ClientProviders } from "@/components/trpc/providers";
import { hasPermission } from "@/lib/permissions";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";
import { getSuspensionCause } from "@/server/tenants/get-suspension-cause";
import { memberRoleOf } from "@/server/trpc/context";
import { getServerContext } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Workspace unavailable" };

// proxy.ts shows this for the pages a suspended or cancelled workspace no longer serves. Only its
// members learn why (the workspace policy's order: strangers learn nothing about its billing).
export default async function TenantSuspended() {
  const ctx = await getServerContext();
  const role = await memberRoleOf(ctx).catch(() => null);
  if (!role || !ctx.tenant) {
    return (
      <StatusPage code="Unavailable" title="This workspace is not available">
        <p>Its pages cannot be shown right now. Members can sign in to find out more.</p>
        <p className="mt-6">
          <a href="/sign-in" className="font-medium text-primary underline underline-offset-4">
            Sign in
          </a>
        </p>
      </StatusPage>
    );
  }
  const apex = originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL);
  // Support access meets this page too (in place of the dashboard): its banner, with the way out.
  const support = ctx.user?.support;
  const banner = support ? (
    <SupportBanner
      workspaceName={ctx.tenant.name}
      write={support.write}
      expiresAt={support.expiresAt.toISOString()}
      consoleUrl={`${originFor({ kind: "admin" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/workspaces/${ctx.tenant.id}/support`}
    />
  ) : null;
  const leave =
    role !== "owner" ? (
      <ClientProviders>
        <LeaveWorkspace workspaceName={ctx.tenant.name} apexUrl={apex} />
      </ClientProviders>
    ) : null;
  // What every member may still do here, whoever suspended the workspace.
  const dataAndLeave = (
    <>
      {hasPermission(role, "tenant:delete") ? (
        <a href="/dashboard/settings/data" className="font-medium text-primary underline underline-offset-4">
          Export or delete the workspace
        </a>
      ) : null}
      {leave}
    </>
  );
  if ((await getSuspensionCause({ tenantId: ctx.tenant.id })) === "platform") {
    // Suspended by an operator: Billing cannot lift it, so it is not offered. Nobody here is
    // shown the operator's reason (the owners had it by email).
    return (
      <>
      {banner}
      <StatusPage code="Suspended" title={`${ctx.tenant.name} is suspended by the platform`}>
        <p>The Atrium platform team has paused this workspace. No data has been deleted.</p>
        <p className="mt-2">
          {role === "owner"
            ? "To find out why and restore access, reply to the email the owners received about it, or contact support."
            : "An owner of the workspace can find out why; to restore access, they or you can contact support."}
        </p>
        <div className="mt-6 flex flex-wrap items-center justify-center gap-4">
          {dataAndLeave}
        </div>
      </StatusPage>
      </>
    );
  }
  return (
    <>
    {banner}
    <StatusPage code="Suspended" title={`${ctx.tenant.name} is suspended`}>
      <p>Access is paused, usually because the trial ended, a payment did not go through, or the subscription ended. No data has been deleted.</p>
      <div className="mt-6 flex flex-wrap items-center justify-center gap-4">
        {hasPermission(role, "billing:manage") ? (
          <a href="/dashboard/billing" className="font-medium text-primary underline underline-offset-4">
            Restore access in Billing
          </a>
        ) : (
          <span className="text-sm text-muted-foreground">An owner or billing member can restore access in Billing.</span>
        )}
        {dataAndLeave}
      </div>
    </StatusPage>
    </>
  );
}
