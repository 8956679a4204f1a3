"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

/** Hides the guided setup for good (the checklist below stays until its items are done). */
export function DismissSetup() {
  const trpc = useTRPC();
  const router = useRouter();
  const { toast } = useToast();
  const dismiss = useMutation(
    trpc.tenant.completeOnboarding.mutationOptions({
      onSuccess: () => router.refresh(),
      onError: (error) => toast({ title: "Could not dismiss the setup", description: toClientError(error).message, variant: "error" }),
    }),
  );
  return (
    <Button type="button" variant="ghost" loading={dismiss.isPending} onClick={() => dismiss.mutate({ skipped: true })}>
      Dismiss
    </Button>
  );
}
