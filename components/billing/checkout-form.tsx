"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

const CARDS = [
  { number: "4242 4242 4242 4242", label: "success" },
  { number: "4000 0000 0000 0002", label: "declined" },
  { number: "4000 0000 0000 0341", label: "failsRenewal" },
] as const;

/** `successPath`: where the page goes once paid (Billing, or the guided setup's next step). */
export function LocalCheckoutForm({ sessionId, amountLabel, successPath }: { sessionId: string; amountLabel: string; successPath: string }) {
  const t = useTranslations("BillingCheckout");
  const trpc = useTRPC();
  const router = useRouter();
  const [cardNumber, setCardNumber] = useState("");
  const pay = useMutation(
    // replace, not push: Back must not return to a checkout that is already paid.
    trpc.billing.payLocalCheckout.mutationOptions({ onSuccess: () => router.replace(successPath) }),
  );
  const error = pay.error ? toClientError(pay.error) : null;
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        pay.mutate({ sessionId, cardNumber });
      }}
    >
      {error ? <Alert variant="error">{error.message}</Alert> : null}
      <div className="space-y-1.5">
        <Label htmlFor="card-number">{t("cardNumber")}</Label>
        <Input
          id="card-number"
          name="cardNumber"
          inputMode="numeric"
          autoComplete="cc-number"
          placeholder="4242 4242 4242 4242"
          value={cardNumber}
          onChange={(e) => setCardNumber(e.target.value)}
          aria-invalid={!!error?.fieldErrors.cardNumber}
          aria-describedby="card-number-error"
        />
        <FieldError id="card-number-error">{error?.fieldErrors.cardNumber?.[0]}</FieldError>
      </div>
      <Button type="submit" className="w-full" loading={pay.isPending || pay.isSuccess}>
        {t("pay", { amount: amountLabel })}
      </Button>
      <div className="rounded-md border border-dashed border-border p-3 text-sm">
        <p className="font-medium">{t("testCards")}</p>
        {/* One layout per row at every width: the number (a tap target fills it in) over what it does. */}
        <ul className="mt-2 space-y-2">
          {CARDS.map((c) => (
            <li key={c.number}>
              <button
                type="button"
                className="flex min-h-10 w-full flex-col items-start justify-center rounded-md px-2 py-1 text-left hover:bg-muted focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                onClick={() => setCardNumber(c.number)}
              >
                <span className="font-mono">{c.number}</span>
                <span className="text-muted-foreground">{t(`card.${c.label}`)}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </form>
  );
}
