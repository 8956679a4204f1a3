"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";
import type { MembershipRole } from "@/lib/permissions";

export function InviteForm({ actorRole }: { actorRole: MembershipRole }) {
  const t = useTranslations("DashboardMembers");
  const d = useTranslations("Dashboard");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<MembershipRole>("member");
  const invite = useMutation(
    trpc.member.invite.mutationOptions({
      onSuccess: (invitation) => {
        toast({ title: t("invitationSent"), description: t("invitationSentBody", { email: invitation.email, role: t(`joinAs.${invitation.role}`) }), variant: "success" });
        setEmail("");
        void queryClient.invalidateQueries({ queryKey: trpc.member.invitations.queryKey() });
      },
    }),
  );
  const error = invite.error ? toClientError(invite.error) : null;
  const roles: MembershipRole[] = actorRole === "owner" ? ["member", "billing", "admin", "owner"] : ["member", "billing", "admin"];
  return (
    <Card>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          invite.mutate({ email, role });
        }}
      >
        <CardHeader>
          <CardTitle>{t("inviteTitle")}</CardTitle>
          <CardDescription>{t("inviteDescription")}</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {error && !error.fieldErrors.email ? (
            <Alert variant="error">
              {error.message}{" "}
              {/seats/.test(error.message) ? (
                <Link href="/dashboard/billing" className="font-medium underline">
                  {t("goToBilling")}
                </Link>
              ) : null}
            </Alert>
          ) : null}
          <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
            <div className="space-y-1.5">
              <Label htmlFor="invite-email">{t("email")}</Label>
              <Input id="invite-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} placeholder={t("emailPlaceholder")} aria-invalid={!!error?.fieldErrors.email} />
              <FieldError>{error?.fieldErrors.email?.[0]}</FieldError>
            </div>
            <div className="space-y-1.5">
              <Label htmlFor="invite-role">{t("role")}</Label>
              <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as MembershipRole)} className="h-10 w-full rounded-md border border-border bg-background px-3 text-sm">
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {d(`role.${r}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <Button type="submit" loading={invite.isPending} disabled={!email.trim()}>
            {t("sendInvitation")}
          </Button>
        </CardContent>
      </form>
    </Card>
  );
}
