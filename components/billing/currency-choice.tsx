"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { FieldError } from "@/components/ui/input";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { useToast } from "@/components/ui/toast";
import { CURRENCY_OPTIONS, type Currency } from "@/lib/plans";


/** The workspace's billing currency: a choice until the first subscription, then a fact. */
export function CurrencyChoice({ currency, locked }: { currency: Currency; locked: boolean }) {
  const t = useTranslations("Billing.currency");
  const trpc = useTRPC();
  const router = useRouter();
  const { toast } = useToast();
  const change = useMutation(
    trpc.billing.setCurrency.mutationOptions({
      onSuccess: (_result, { currency: picked }) => {
        toast({ title: t("changed", { currency: t(`name.${picked}`) }), variant: "success" });
        router.refresh();
      },
    }),
  );
  if (locked) {
    return (
      <p className="text-sm text-muted-foreground">
        {t("locked", { currency: t(`name.${currency}`) })}
      </p>
    );
  }
  const error = change.error ? toClientError(change.error) : null;
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      <span className="text-muted-foreground">{t("payIn")}</span>
      <SegmentedControl
        label={t("label")}
        value={change.isPending ? change.variables.currency : currency}
        options={CURRENCY_OPTIONS}
        onChange={(picked) => picked !== currency && !change.isPending && change.mutate({ currency: picked })}
      />
      <span className="text-muted-foreground">{t("chosenOnce")}</span>
      <FieldError className="basis-full">{error?.message}</FieldError>
    </div>
  );
}
