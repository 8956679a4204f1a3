import type { Metadata } from "next";
import { RecheckOnRestore } from "@/components/auth/recheck-on-restore";
import { getTranslations } from "next-intl/server";
import type { CSSProperties, ReactNode } from "react";
import { TenantLogo } from "@/components/branding/tenant-logo";
import { BillingBanner } from "@/components/billing/billing-banner";
import { DashboardSidebar, type NavItem } from "@/components/dashboard/nav";
import { UsageBanner } from "@/components/usage/usage-banner";
import { NotOnOverview } from "@/components/dashboard/not-on-overview";
import { RefreshWhenBack } from "@/components/dashboard/refresh-when-back";
import { UserMenu } from "@/components/dashboard/user-menu";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { SupportBanner } from "@/components/support/support-banner";
import { WorkspaceSwitcher } from "@/components/dashboard/workspace-switcher";
import { Toaster } from "@/components/ui/toast";
import { ClientMessages } from "@/components/i18n/client-messages";
import { logoPath } from "@/server/branding/logo";
import { UNREAD_COUNT_CAP } from "@/server/notifications/count-unread-notifications";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";
import { hasPermission } from "@/lib/permissions";
import { getServerContext } from "@/server/trpc/server";
import { requireTenantMember } from "@/server/trpc/tenant-surface";

type Props = { children: ReactNode; params: Promise<{ tenant: string }> };

/** The workspace's colour drives the dashboard's accents (it was checked for white text, 4.5:1). */
function brandTheme(color: string | null): CSSProperties | undefined {
  if (!color) return undefined;
  return { "--brand": color, "--primary": color, "--primary-foreground": "#ffffff", "--ring": color } as CSSProperties;
}

/**
 * Page titles name the workspace ("Members · Acme Inc."), so tabs of several workspaces stay
 * apart. The name comes from the host's workspace (the in-process route cache), not from the
 * frame: metadata is resolved apart from the layout and would read the frame a second time. The
 * name is no secret (the workspace's public page shows it); the layout still answers strangers 404.
 */
export async function generateMetadata({ params }: { params: Promise<{ tenant: string }> }): Promise<Metadata> {
  const [{ tenant: slug }, ctx] = await Promise.all([params, getServerContext()]);
  const name = ctx.tenant?.slug === slug ? ctx.tenant.name : null;
  return name ? { title: { template: `%s · ${name}`, default: name } } : {};
}

export default async function DashboardLayout({ children, params }: Props) {
  // One transaction for the frame (and the page's gate, which shares it): a suspended
  // workspace's frame (around Billing and the data export) has no usage to show.
  const { ctx, tenant, workspaces, usage, unreadNotifications } = await requireTenantMember((await params).tenant);
  const t = await getTranslations("DashboardNav");
  const nav: NavItem[] = [
    { href: "/dashboard", label: t("overview") },
    { href: "/dashboard/members", label: t("members") },
    { href: "/dashboard/usage", label: t("usage") },
    ...(hasPermission(tenant.role, "tenant:update") ? [{ href: "/dashboard/insights", label: t("insights") }] : []),
    ...(hasPermission(tenant.role, "api-keys:manage") ? [{ href: "/dashboard/api-keys", label: t("apiKeys") }] : []),
    { href: "/dashboard/api-reference", label: t("apiReference") },
    ...(hasPermission(tenant.role, "billing:read") ? [{ href: "/dashboard/billing", label: t("billing") }] : []),
    ...(hasPermission(tenant.role, "tenant:update") ? [{ href: "/dashboard/settings", label: t("settings") }] : []),
    ...(hasPermission(tenant.role, "audit:read") ? [{ href: "/dashboard/audit", label: t("auditLog") }] : []),
    ...(usage?.features.sla99_9 || usage?.features.sla99_99 ? [{ href: "/dashboard/sla", label: t("sla") }] : []),
  ];
  const support = ctx.user.support ?? null;
  const billingBanner = (
    <BillingBanner status={tenant.status} trialEndsAt={tenant.trialEndsAt} pastDueSince={tenant.pastDueSince} graceDays={env.PAST_DUE_GRACE_DAYS} canManageBilling={hasPermission(tenant.role, "billing:manage")} />
  );
  // The frame's client components' words; each page adds its own (withClientMessages). No tRPC
  // provider here: the pages whose forms call procedures render their own (TrpcQueryProvider).
  return (
    <ClientMessages namespaces={["DashboardNav", "DashboardUserMenu", "DashboardNotifications", "DashboardSupportBanner", "DashboardSwitcher"]}>
      <Toaster>
        <RecheckOnRestore email={ctx.user.email} />
        <RefreshWhenBack />
        {support ? (
          <SupportBanner
            workspaceName={tenant.name}
            write={support.write}
            expiresAt={support.expiresAt.toISOString()}
            consoleUrl={`${originFor({ kind: "admin" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/workspaces/${tenant.id}/support`}
          />
        ) : null}
        <div className="min-h-dvh md:grid md:grid-cols-[15rem_1fr]" style={brandTheme(tenant.brandColor)}>
          <aside className="border-b border-border p-3 md:min-h-dvh md:border-r md:border-b-0 md:p-4">
            <DashboardSidebar
              items={nav}
              switcher={
                <WorkspaceSwitcher
                  current={{ slug: tenant.slug, name: tenant.name }}
                  workspaces={workspaces.map((w) => ({ slug: w.slug, name: w.name }))}
                  apexUrl={originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}
                  logo={<TenantLogo name={tenant.name} logoUrl={logoPath(tenant.logoKey)} brandColor={tenant.brandColor} size={24} decorative />}
                />
              }
            />
          </aside>
          <div className="flex min-w-0 flex-col">
            <header className="flex h-14 items-center justify-end gap-3 border-b border-border px-4 md:px-8">
              {/* Support access has no notifications of its own to read. */}
              {support ? null : <NotificationBell initialUnread={unreadNotifications} cap={UNREAD_COUNT_CAP} />}
              <span className="hidden text-sm text-muted-foreground sm:inline">{ctx.user.email}</span>
              <UserMenu name={ctx.user.name} email={ctx.user.email} accountUrl={`${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/account`} support={support !== null} />
            </header>
            {/* Suspended and cancelled workspaces have no Overview to list it: their banner stays everywhere. */}
            {tenant.status === "trialing" || tenant.status === "past_due" ? <NotOnOverview>{billingBanner}</NotOnOverview> : billingBanner}
            {usage ? (
              <NotOnOverview>
                <UsageBanner usage={usage.usage} />
              </NotOnOverview>
            ) : null}
            <main id="main" className="flex-1 px-4 py-6 md:px-8 md:py-8">{children}</main>
          </div>
        </div>
      </Toaster>
    </ClientMessages>
  );
}
