"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";

type Props = { hasSubscription: boolean; cancelAtPeriodEnd: boolean; periodEnd: string | null; hasCustomer: boolean; attemptId: string };

export function SubscriptionActions({ hasSubscription, cancelAtPeriodEnd, periodEnd, hasCustomer, attemptId }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const { toast } = useToast();
  const onError = (error: unknown) => toast({ title: "Billing action failed", description: toClientError(error).message, variant: "error" });
  const done = (title: string) => () => {
    toast({ title, variant: "success" });
    router.refresh();
  };
  const portal = useMutation(trpc.billing.portal.mutationOptions({ onSuccess: ({ url }) => window.location.assign(url), onError }));
  const cancel = useMutation(trpc.billing.cancel.mutationOptions({ onSuccess: done("Cancellation scheduled"), onError }));
  const resume = useMutation(trpc.billing.resume.mutationOptions({ onSuccess: done("Subscription resumed"), onError }));
  return (
    <div className="flex flex-wrap gap-2">
      {hasCustomer ? (
        <Button variant="outline" loading={portal.isPending} onClick={() => portal.mutate()}>
          Manage payment methods and invoices
        </Button>
      ) : null}
      {hasSubscription && !cancelAtPeriodEnd ? (
        <ConfirmDialog
          trigger={<Button variant="ghost">Cancel subscription</Button>}
          title="Cancel the subscription?"
          description={`Your plan stays active until ${periodEnd ?? "the end of the period"}; after that the workspace loses access until you subscribe again. You can resume any time before then.`}
          confirmLabel="Cancel at period end"
          destructive
          onConfirm={() => cancel.mutateAsync({ attemptId }).then(() => undefined)}
        />
      ) : null}
      {hasSubscription && cancelAtPeriodEnd ? (
        <Button loading={resume.isPending} onClick={() => resume.mutate({ attemptId })}>
          Resume subscription
        </Button>
      ) : null}
    </div>
  );
}
