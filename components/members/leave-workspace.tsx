"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";

/**
 * "Leave workspace", with a confirmation. The only owner is told first why leaving would be
 * refused and what to do instead, rather than confirming and then being refused.
 */
export function LeaveWorkspace({ workspaceName, apexUrl, soleOwner = false }: { workspaceName: string; apexUrl: string; soleOwner?: boolean }) {
  if (soleOwner) return <SoleOwnerNotice workspaceName={workspaceName} />;
  return <ConfirmLeave workspaceName={workspaceName} apexUrl={apexUrl} />;
}

function ConfirmLeave({ workspaceName, apexUrl }: { workspaceName: string; apexUrl: string }) {
  const t = useTranslations("DashboardLeave");
  const trpc = useTRPC();
  const { toast } = useToast();
  const leave = useMutation(
    trpc.member.leave.mutationOptions({
      // Another host (the apex): a full navigation.
      onSuccess: () => window.location.replace(new URL("/workspaces", apexUrl).toString()),
      onError: (error) => toast({ title: t("cannotLeave"), description: toClientError(error).message, variant: "error" }),
    }),
  );
  return (
    <ConfirmDialog
      trigger={<Button variant="outline" size="sm">{t("leave")}</Button>}
      title={t("title", { name: workspaceName })}
      description={t("body")}
      confirmLabel={t("leave")}
      destructive
      onConfirm={() => leave.mutateAsync().then(() => undefined)}
    />
  );
}

function SoleOwnerNotice({ workspaceName }: { workspaceName: string }) {
  const t = useTranslations("DashboardLeave");
  const [dialog, setDialog] = useState<HTMLDialogElement | null>(null);
  return (
    <>
      <Button variant="outline" size="sm" aria-haspopup="dialog" onClick={() => dialog?.showModal()}>
        {t("leave")}
      </Button>
      <Dialog
        element={dialog}
        onElement={setDialog}
        title={t("onlyOwnerTitle")}
        description={t("onlyOwnerBody", { name: workspaceName })}
      >
        <div className="flex justify-end">
          <Button type="button" onClick={() => dialog?.close()}>
            {t("gotIt")}
          </Button>
        </div>
      </Dialog>
    </>
  );
}
