"use client";

import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { FieldError, FieldHint, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { contrastRatio, isHexColor, MIN_CONTRAST } from "@/lib/contrast";
import { DEFAULT_LOCALE, INTL_LOCALE } from "@/lib/i18n/locales";
import { StepForm } from "./step-form";

const DEFAULT = "#1d4ed8";

/** Step 2 (after the logo upload above it): the brand colour, saved, then on to step 3. */
export function BrandColorStep({ name, brandColor, publicDescription }: { name: string; brandColor: string | null; publicDescription: string | null }) {
  const t = useTranslations("DashboardOnboarding");
  const locale = useLocale();
  /** A ratio as "4.5" (English as before, German "4,5"). */
  const ratioText = (n: number) => (locale === DEFAULT_LOCALE ? n.toFixed(1) : n.toLocaleString(INTL_LOCALE[locale], { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
  const trpc = useTRPC();
  const [color, setColor] = useState(brandColor ?? DEFAULT);
  const save = useMutation(trpc.tenant.updateBranding.mutationOptions());
  const valid = isHexColor(color);
  const ratio = valid ? contrastRatio(color, "#ffffff") : null;

  return (
    <StepForm
      step="branding"
      skippable
      disabled={!valid}
      save={async () => {
        if (color !== brandColor) await save.mutateAsync({ brandColor: color, publicDescription });
      }}
    >
      {(error) => (
        <div className="space-y-1.5">
          <Label htmlFor="onb-color">{t("brandColour")}</Label>
          <div className="flex items-center gap-3">
            <input type="color" aria-label={t("pickColour")} value={valid ? color : DEFAULT} onChange={(e) => setColor(e.target.value)} className="h-10 w-14 cursor-pointer rounded border border-border bg-background" />
            <div className="w-32 shrink-0">
              <Input id="onb-color" value={color} onChange={(e) => setColor(e.target.value.trim().toLowerCase())} maxLength={7} className="font-mono" aria-invalid={!valid || !!error?.fieldErrors.brandColor} aria-describedby="onb-color-hint" />
            </div>
            <span aria-hidden className="grid h-10 min-w-0 flex-1 place-items-center truncate rounded-md px-3 text-sm font-medium text-white" style={{ backgroundColor: valid ? color : DEFAULT }}>
              {name}
            </span>
          </div>
          <FieldHint id="onb-color-hint">
            {ratio === null
              ? t("colourExample")
              : ratio >= MIN_CONTRAST
                ? t("contrastReadable", { ratio: ratioText(ratio) })
                : t("contrastLow", { ratio: ratioText(ratio), min: locale === DEFAULT_LOCALE ? String(MIN_CONTRAST) : ratioText(MIN_CONTRAST) })}
          </FieldHint>
          <FieldError>{error?.fieldErrors.brandColor?.[0]}</FieldError>
        </div>
      )}
    </StepForm>
  );
}
