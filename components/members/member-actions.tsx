"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog, DialogButtons } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import type { MembershipRole } from "@/lib/permissions";

type Props = { userId: string; name: string; role: MembershipRole; actorRole: MembershipRole };

/** The member mutations of one row, each telling the outcome and refreshing the list. */
function useMemberMutations(name: string) {
  const t = useTranslations("DashboardMembers");
  const trpc = useTRPC();
  const router = useRouter();
  const { toast } = useToast();
  const done = (title: string) => () => {
    toast({ title, variant: "success" });
    router.refresh();
  };
  const onError = (error: unknown) => toast({ title: t("failed"), description: toClientError(error).message, variant: "error" });
  return {
    changeRole: useMutation(trpc.member.changeRole.mutationOptions({ onSuccess: done(t("roleChanged")), onError })),
    remove: useMutation(trpc.member.remove.mutationOptions({ onSuccess: done(t("removed", { name })), onError })),
    transfer: useMutation(trpc.member.transferOwnership.mutationOptions({ onSuccess: done(t("nowOwner", { name })), onError })),
  };
}

/**
 * The member's role, as a select, in the Role column of a row the viewer may edit
 * (lib/permissions.ts canEditMember): the role is shown once, where it is changed.
 */
export function MemberRoleSelect({ userId, name, role, actorRole }: Props) {
  const t = useTranslations("DashboardMembers");
  const d = useTranslations("Dashboard");
  const { changeRole } = useMemberMutations(name);
  const roles: MembershipRole[] = actorRole === "owner" ? ["member", "billing", "admin", "owner"] : ["member", "billing", "admin"];
  // A choice is confirmed first: one slip of a finger on a phone, or an arrow key on a focused
  // select (some browsers change it on every press), would otherwise grant a role at once.
  const [dialog, setDialog] = useState<HTMLDialogElement | null>(null);
  const [chosen, setChosen] = useState<MembershipRole | null>(null);
  const close = () => dialog?.close();
  return (
    <>
      <label className="sr-only" htmlFor={`role-${userId}`}>
        {t("roleOf", { name })}
      </label>
      <select
        id={`role-${userId}`}
        value={role}
        disabled={changeRole.isPending}
        onChange={(e) => {
          setChosen(e.target.value as MembershipRole);
          dialog?.showModal();
        }}
        className="h-9 rounded-md border border-border bg-background px-2 text-sm pointer-coarse:h-10"
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {d(`role.${r}`)}
          </option>
        ))}
      </select>
      <Dialog
        element={dialog}
        onElement={setDialog}
        role="alertdialog"
        title={t("roleChangeTitle", { name, role: chosen ? d(`role.${chosen}`) : "" })}
        description={t("roleChangeBody")}
        pending={changeRole.isPending}
      >
        <DialogButtons
          onCancel={close}
          pending={changeRole.isPending}
          confirmLabel={t("roleChangeConfirm")}
          onConfirm={() => {
            if (!chosen) return;
            changeRole.mutate({ userId, role: chosen }, { onSettled: close });
          }}
        />
      </Dialog>
    </>
  );
}

/** Make owner and remove for one member row the viewer may edit, within the rules the server enforces. */
export function MemberActions({ userId, name, role, actorRole }: Props) {
  const t = useTranslations("DashboardMembers");
  const { remove, transfer } = useMemberMutations(name);
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      {actorRole === "owner" && role !== "owner" ? (
        <ConfirmDialog
          trigger={<Button size="sm" variant="outline">{t("makeOwner")}</Button>}
          title={t("transferTitle", { name })}
          description={t("transferBody")}
          confirmLabel={t("transferConfirm")}
          onConfirm={() => transfer.mutateAsync({ userId }).then(() => undefined)}
        />
      ) : null}
      <ConfirmDialog
        trigger={<Button size="sm" variant="ghost">{t("remove")}</Button>}
        title={t("removeTitle", { name })}
        description={t("removeBody")}
        confirmLabel={t("removeConfirm")}
        destructive
        onConfirm={() => remove.mutateAsync({ userId }).then(() => undefined)}
      />
    </div>
  );
}
