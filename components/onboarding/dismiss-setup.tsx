"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

/** Hides the guided setup for good (the checklist below stays until its items are done). */
export function DismissSetup() {
  const t = useTranslations("DashboardOnboarding");
  const trpc = useTRPC();
  const router = useRouter();
  const { toast } = useToast();
  const dismiss = useMutation(
    trpc.tenant.completeOnboarding.mutationOptions({
      onSuccess: () => router.refresh(),
      onError: (error) => toast({ title: t("dismissFailed"), description: toClientError(error).message, variant: "error" }),
    }),
  );
  return (
    <Button type="button" variant="ghost" loading={dismiss.isPending} onClick={() => dismiss.mutate({ skipped: true })}>
      {t("dismiss")}
    </Button>
  );
}
