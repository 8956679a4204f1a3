"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, FieldHint, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { selectClassName } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { isTaxIdType, TAX_ID_TYPES, TAX_ID_TYPE_IDS, type TaxIdType } from "@/lib/billing-details";

type Saved = { email: string | null; taxIdType: string | null; taxId: string | null };


/** Billing email and tax ID; `editable` false shows them read-only (billing readers). */
export function BillingDetailsForm({ saved, editable, stripe }: { saved: Saved; editable: boolean; stripe: boolean }) {
  const t = useTranslations("Billing.details");
  const trpc = useTRPC();
  const router = useRouter();
  const { toast } = useToast();
  const [email, setEmail] = useState(saved.email ?? "");
  const [taxIdType, setTaxIdType] = useState<TaxIdType | "">(isTaxIdType(saved.taxIdType) ? saved.taxIdType : "");
  const [taxId, setTaxId] = useState(saved.taxId ?? "");
  const save = useMutation(
    trpc.billing.updateDetails.mutationOptions({
      onSuccess: ({ changed }) => {
        toast({ title: changed ? t("saved") : t("nothingToSave"), description: changed && stripe ? t("stripeHasThem") : undefined, variant: "success" });
        router.refresh();
      },
    }),
  );
  const error = save.error ? toClientError(save.error) : null;
  const fieldError = (field: string) => error?.fieldErrors[field]?.[0];
  const formError = error && !fieldError("email") && !fieldError("taxId") && !fieldError("taxIdType") ? error.message : null;
  const unchanged = email.trim().toLowerCase() === (saved.email ?? "") && taxIdType === (saved.taxIdType ?? "") && taxId.trim() === (saved.taxId ?? "");
  const example = taxIdType ? TAX_ID_TYPES[taxIdType].example : null;

  return (
    <Card>
      <form
        noValidate
        aria-label={t("title")}
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ email, taxIdType, taxId });
        }}
      >
        <CardHeader>
          <CardTitle>{t("title")}</CardTitle>
          <CardDescription>{stripe ? t("descriptionStripe") : t("description")}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          <div className="space-y-1.5 sm:col-span-2">
            <Label htmlFor="billing-email">{t("email")}</Label>
            <Input
              id="billing-email"
              type="email"
              autoComplete="email"
              value={email}
              maxLength={254}
              readOnly={!editable}
              onChange={(e) => setEmail(e.target.value)}
              aria-invalid={!!fieldError("email")}
              aria-describedby="billing-email-hint billing-email-error"
            />
            {/* Help text below the field, not a placeholder: it stays while typing and is never cut off. */}
            <FieldHint id="billing-email-hint">{t("emailPlaceholder")}</FieldHint>
            <FieldError id="billing-email-error">{fieldError("email")}</FieldError>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="tax-id-type">{t("taxIdType")}</Label>
            <select
              id="tax-id-type"
              className={selectClassName}
              value={taxIdType}
              disabled={!editable}
              onChange={(e) => setTaxIdType(isTaxIdType(e.target.value) ? e.target.value : "")}
              aria-invalid={!!fieldError("taxIdType")}
              aria-describedby="tax-id-type-error"
            >
              <option value="">{t("taxIdTypeNone")}</option>
              {TAX_ID_TYPE_IDS.map((id) => (
                <option key={id} value={id}>
                  {t(`taxIdTypes.${id}`)}
                </option>
              ))}
            </select>
            <FieldError id="tax-id-type-error">{fieldError("taxIdType")}</FieldError>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="tax-id">{t("taxId")}</Label>
            <Input
              id="tax-id"
              value={taxId}
              maxLength={40}
              readOnly={!editable}
              placeholder={example ?? ""}
              onChange={(e) => setTaxId(e.target.value)}
              aria-invalid={!!fieldError("taxId")}
              aria-describedby="tax-id-hint tax-id-error"
            />
            <FieldHint id="tax-id-hint">{example ? t("taxIdExample", { example }) : t("taxIdHint")}</FieldHint>
            <FieldError id="tax-id-error">{fieldError("taxId")}</FieldError>
          </div>
          <FieldError className="sm:col-span-2">{formError}</FieldError>
        </CardContent>
        {editable ? (
          <CardFooter>
            <Button type="submit" loading={save.isPending} disabled={unchanged}>
              {t("save")}
            </Button>
          </CardFooter>
        ) : null}
      </form>
    </Card>
  );
}
