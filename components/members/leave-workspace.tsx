"use client";

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
  const trpc = useTRPC();
  const { toast } = useToast();
  const leave = useMutation(
    trpc.member.leave.mutationOptions({
      // Another host (the apex): a full navigation.
      onSuccess: () => window.location.replace(new URL("/workspaces", apexUrl).toString()),
      onError: (error) => toast({ title: "You cannot leave yet", description: toClientError(error).message, variant: "error" }),
    }),
  );
  return (
    <ConfirmDialog
      trigger={<Button variant="outline" size="sm">Leave workspace</Button>}
      title={`Leave ${workspaceName}?`}
      description="You lose access right away. Someone will have to invite you again to come back."
      confirmLabel="Leave workspace"
      destructive
      onConfirm={() => leave.mutateAsync().then(() => undefined)}
    />
  );
}

function SoleOwnerNotice({ workspaceName }: { workspaceName: string }) {
  const [dialog, setDialog] = useState<HTMLDialogElement | null>(null);
  return (
    <>
      <Button variant="outline" size="sm" aria-haspopup="dialog" onClick={() => dialog?.showModal()}>
        Leave workspace
      </Button>
      <Dialog
        element={dialog}
        onElement={setDialog}
        title="You are the only owner"
        description={`A workspace always keeps an owner, so ${workspaceName} cannot be left by its only one. Make another member an owner first (“Make owner” in their row; invite someone if nobody else is here), or delete the workspace in Settings.`}
      >
        <div className="flex justify-end">
          <Button type="button" onClick={() => dialog?.close()}>
            Got it
          </Button>
        </div>
      </Dialog>
    </>
  );
}
