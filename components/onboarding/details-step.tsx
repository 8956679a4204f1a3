"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { FieldError } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { StepForm } from "./step-form";

/**
 * Step 1: the public page's description. The name was given a moment ago on /new, so it is shown,
 * not asked again (Settings changes it any time).
 */
export function DetailsStep({ name, publicDescription, brandColor, slug }: { name: string; publicDescription: string | null; brandColor: string | null; slug: string }) {
  const t = useTranslations("DashboardOnboarding");
  const trpc = useTRPC();
  const [values, setValues] = useState({ description: publicDescription ?? "" });
  const branding = useMutation(trpc.tenant.updateBranding.mutationOptions());

  async function save() {
    if ((values.description.trim() || null) !== publicDescription) await branding.mutateAsync({ brandColor, publicDescription: values.description || null });
  }

  return (
    <StepForm step="details" save={save} skippable={false}>
      {(error) => (
        <>
          <p className="text-sm" data-testid="onboarding-name">
            <span className="font-medium">{name}</span> <span className="text-muted-foreground">{t("at", { slug })}</span>
            <span className="block text-muted-foreground">{t("renameHint")}</span>
          </p>
          <div className="space-y-1.5">
            <Label htmlFor="onb-description">{t("descriptionLabel")}</Label>
            <textarea
              id="onb-description"
              value={values.description}
              maxLength={500}
              rows={3}
              onChange={(e) => setValues((v) => ({ ...v, description: e.target.value }))}
              placeholder={t("descriptionPlaceholder")}
              className="w-full rounded-md border border-border bg-background px-3 py-2 text-sm focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
            />
            <FieldError>{error?.fieldErrors.publicDescription?.[0]}</FieldError>
          </div>
        </>
      )}
    </StepForm>
  );
}
