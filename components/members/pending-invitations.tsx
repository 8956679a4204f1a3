"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { DEFAULT_LOCALE, INTL_LOCALE, type Locale } from "@/lib/i18n/locales";

const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
function dateFormat(locale: Locale): Intl.DateTimeFormat {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === DEFAULT_LOCALE ? "en" : INTL_LOCALE[locale], { dateStyle: "medium", timeZone: "UTC" });
    dateFormats.set(locale, format);
  }
  return format;
}

function isPast(date: Date): boolean {
  return date.getTime() < Date.now();
}

export function PendingInvitations() {
  const t = useTranslations("DashboardMembers");
  const d = useTranslations("Dashboard");
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const list = useQuery(trpc.member.invitations.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.member.invitations.queryKey() });
  const onError = (error: unknown) => toast({ title: t("failed"), description: toClientError(error).message, variant: "error" });
  const resend = useMutation(trpc.member.resendInvitation.mutationOptions({ onSuccess: () => (toast({ title: t("resent"), variant: "success" }), refresh()), onError }));
  const revoke = useMutation(trpc.member.revokeInvitation.mutationOptions({ onSuccess: () => (toast({ title: t("revoked"), variant: "success" }), refresh()), onError }));

  if (list.isPending) return <p className="text-sm text-muted-foreground" role="status">{t("loadingInvitations")}</p>;
  if (list.isError) return <Alert variant="error">{t("loadFailed", { error: toClientError(list.error).message })}</Alert>;
  if (list.data.length === 0) return <p className="text-sm text-muted-foreground">{t("noPending")}</p>;
  return (
    <Table stackOnPhone>
      <TableHeader>
        <TableRow>
          <TableHead>{t("email")}</TableHead>
          <TableHead>{t("role")}</TableHead>
          <TableHead>{t("expires")}</TableHead>
          <TableHead>
            <span className="sr-only">{t("actions")}</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {list.data.map((invitation) => {
          const expired = isPast(invitation.expiresAt);
          return (
            <TableRow key={invitation.id}>
              <TableCell label={t("email")}>{invitation.email}</TableCell>
              <TableCell label={t("role")}>
                <Badge variant="outline">{d(`role.${invitation.role}`)}</Badge>
              </TableCell>
              <TableCell label={t("expires")} className="text-muted-foreground">{expired ? <Badge variant="warning">{t("expired")}</Badge> : dateFormat(locale).format(invitation.expiresAt)}</TableCell>
              <TableCell>
                <div className="flex justify-end gap-2">
                  <Button size="sm" variant="outline" loading={resend.isPending && resend.variables?.invitationId === invitation.id} onClick={() => resend.mutate({ invitationId: invitation.id })}>
                    {t("resend")}
                  </Button>
                  <ConfirmDialog
                    trigger={<Button size="sm" variant="ghost">{t("revoke")}</Button>}
                    title={t("revokeTitle", { email: invitation.email })}
                    description={t("revokeBody")}
                    confirmLabel={t("revokeConfirm")}
                    destructive
                    onConfirm={() => revoke.mutateAsync({ invitationId: invitation.id }).then(() => undefined)}
                  />
                </div>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
