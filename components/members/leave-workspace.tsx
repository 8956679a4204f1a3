"use client";

import { useMutation } from "@tanstack/react-query";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";

export function LeaveWorkspace({ workspaceName, apexUrl }: { workspaceName: string; apexUrl: string }) {
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
