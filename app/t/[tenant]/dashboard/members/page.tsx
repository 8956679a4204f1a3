import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { NoAccess } from "@/components/dashboard/no-access";
import { PageHeader } from "@/components/dashboard/page-header";
import { InviteForm } from "@/components/members/invite-form";
import { LeaveWorkspace } from "@/components/members/leave-workspace";
import { MemberActions, MemberRoleSelect } from "@/components/members/member-actions";
import { PendingInvitations } from "@/components/members/pending-invitations";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";
import { canEditMember, hasPermission } from "@/lib/permissions";
import { DEFAULT_LOCALE, INTL_LOCALE } from "@/lib/i18n/locales";
import { serverCaller } from "@/server/trpc/server";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";
import { VerifyEmailNotice } from "@/app/_accounts/verify-email-notice";
import { withClientMessages } from "@/components/i18n/client-messages";
import { TrpcQueryProvider } from "@/components/trpc/client";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("DashboardMembers");
  return { title: t("title") };
}

async function MembersPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, ctx, denied } = await requireWorkspacePage((await params).tenant, { capability: "view" });
  const [t, d, locale] = await Promise.all([getTranslations("DashboardMembers"), getTranslations("Dashboard"), getLocale()]);
  if (denied) return <NoAccess denied={denied} title={t("title")}>{t("denied")}</NoAccess>;
  const dateFormat = new Intl.DateTimeFormat(locale === DEFAULT_LOCALE ? "en" : INTL_LOCALE[locale], { dateStyle: "medium" });
  const members = await (await serverCaller()).member.list();
  const canManage = hasPermission(tenant.role, "members:manage");
  const soleOwner = tenant.role === "owner" && members.filter((m) => m.role === "owner").length === 1;
  return (
    <TrpcQueryProvider>
      <PageHeader
        title={t("title")}
        description={t("count", { count: members.length })}
        actions={<LeaveWorkspace workspaceName={tenant.name} apexUrl={originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)} soleOwner={soleOwner} />}
      />
      <div className="space-y-8">
        {canManage ? <VerifyEmailNotice userId={ctx.user.id} /> : null}
        {canManage ? <InviteForm actorRole={tenant.role} /> : null}
        {members.length === 0 ? (
          <EmptyState title={t("emptyTitle")} description={t("emptyBody")} />
        ) : (
          <Table stackOnPhone>
            <TableHeader>
              <TableRow>
                <TableHead>{t("name")}</TableHead>
                <TableHead>{t("email")}</TableHead>
                <TableHead>{t("role")}</TableHead>
                <TableHead>{t("joined")}</TableHead>
                {canManage ? (
                  <TableHead>
                    <span className="sr-only">{t("actions")}</span>
                  </TableHead>
                ) : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {members.map((m) => {
                const editable = canEditMember(tenant.role, m.role, m.userId === ctx.user.id);
                return (
                  <TableRow key={m.userId}>
                    <TableCell className="font-medium">
                      {m.name}
                      {m.userId === ctx.user.id ? <span className="ml-1 text-xs text-muted-foreground">{t("you")}</span> : null}
                    </TableCell>
                    <TableCell label={t("email")} className="break-all">{m.email}</TableCell>
                    <TableCell label={t("role")}>
                      {editable ? (
                        <MemberRoleSelect userId={m.userId} name={m.name} role={m.role} actorRole={tenant.role} />
                      ) : (
                        <Badge variant={m.role === "owner" ? "default" : "outline"}>{d(`role.${m.role}`)}</Badge>
                      )}
                    </TableCell>
                    <TableCell label={t("joined")} className="text-muted-foreground">
                      {dateFormat.format(m.joinedAt)}
                    </TableCell>
                    {canManage ? <TableCell>{editable ? <MemberActions userId={m.userId} name={m.name} role={m.role} actorRole={tenant.role} /> : null}</TableCell> : null}
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
        {canManage ? (
          <section aria-labelledby="pending-heading" className="space-y-3">
            <h2 id="pending-heading" className="text-lg font-semibold">
              {t("pending")}
            </h2>
            <PendingInvitations />
          </section>
        ) : null}
      </div>
    </TrpcQueryProvider>
  );
}

export default withClientMessages(["DashboardMembers", "Dashboard", "DashboardLeave", "AuthVerifyEmail"], MembersPage);
