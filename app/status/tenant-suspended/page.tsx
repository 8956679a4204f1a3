import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
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
import { withClientMessages } from "@/components/i18n/client-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Status"))("unavailableMeta") };
}

// proxy.ts shows this for the pages a suspended or cancelled workspace no longer serves. Only its
// members learn why (the workspace policy's order: strangers learn nothing about its billing).
async function TenantSuspended() {
  const [ctx, t] = await Promise.all([getServerContext(), getTranslations("Status")]);
  const role = await memberRoleOf(ctx).catch(() => null);
  if (!role || !ctx.tenant) {
    return (
      <StatusPage code={t("unavailableCode")} title={t("notAvailableTitle")}>
        <p>{t("notAvailableBody")}</p>
        <p className="mt-6">
          <a href="/sign-in" className="font-medium text-primary underline underline-offset-4">
            {t("signIn")}
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
          {t("exportOrDelete")}
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
      <StatusPage code={t("suspendedCode")} title={t("platformTitle", { workspace: ctx.tenant.name })}>
        <p>{t("platformBody")}</p>
        <p className="mt-2">
          {role === "owner" ? t("platformOwner") : t("platformMember")}
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
    <StatusPage code={t("suspendedCode")} title={t("suspendedTitle", { workspace: ctx.tenant.name })}>
      <p>{t("suspendedBody")}</p>
      <div className="mt-6 flex flex-wrap items-center justify-center gap-4">
        {hasPermission(role, "billing:manage") ? (
          <a href="/dashboard/billing" className="font-medium text-primary underline underline-offset-4">
            {t("restoreInBilling")}
          </a>
        ) : (
          <span className="text-sm text-muted-foreground">{t("askBilling")}</span>
        )}
        {dataAndLeave}
      </div>
    </StatusPage>
    </>
  );
}

export default withClientMessages(["DashboardLeave", "DashboardSupportBanner"], TenantSuspended);
