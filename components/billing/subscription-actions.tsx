"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";

type Props = { hasSubscription: boolean; cancelAtPeriodEnd: boolean; periodEnd: string | null; hasCustomer: boolean; attemptId: string };

export function SubscriptionActions({ hasSubscription, cancelAtPeriodEnd, periodEnd, hasCustomer, attemptId }: Props) {
  const t = useTranslations("Billing.actions");
  const trpc = useTRPC();
  const router = useRouter();
  const { toast } = useToast();
  const onError = (error: unknown) => toast({ title: t("failed"), description: toClientError(error).message, variant: "error" });
  const done = (title: string) => () => {
    toast({ title, variant: "success" });
    router.refresh();
  };
  const portal = useMutation(trpc.billing.portal.mutationOptions({ onSuccess: ({ url }) => window.location.assign(url), onError }));
  const cancel = useMutation(trpc.billing.cancel.mutationOptions({ onSuccess: done(t("cancelScheduled")), onError }));
  const resume = useMutation(trpc.billing.resume.mutationOptions({ onSuccess: done(t("resumed")), onError }));
  return (
    <div className="flex flex-wrap gap-2">
      {hasCustomer ? (
        <Button variant="outline" loading={portal.isPending} onClick={() => portal.mutate()}>
          {t("portal")}
        </Button>
      ) : null}
      {hasSubscription && !cancelAtPeriodEnd ? (
        <ConfirmDialog
          trigger={<Button variant="ghost">{t("cancel")}</Button>}
          title={t("cancelTitle")}
          description={t("cancelDescription", { date: periodEnd ?? t("periodEndFallback") })}
          confirmLabel={t("cancelConfirm")}
          destructive
          onConfirm={() => cancel.mutateAsync({ attemptId }).then(() => undefined)}
        />
      ) : null}
      {hasSubscription && cancelAtPeriodEnd ? (
        <Button loading={resume.isPending} onClick={() => resume.mutate({ attemptId })}>
          {t("resume")}
        </Button>
      ) : null}
    </div>
  );
}
