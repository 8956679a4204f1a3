"use client";

import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, FieldHint, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";
import { contrastRatio, isHexColor, MIN_CONTRAST } from "@/lib/contrast";
import { INTL_LOCALE } from "@/lib/i18n/locales";

const DEFAULT = "#1d4ed8";

export function BrandingForm({ brandColor, publicDescription, name }: { brandColor: string | null; publicDescription: string | null; name: string }) {
  const t = useTranslations("WorkspaceSettings.branding");
  const locale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const { toast } = useToast();
  // What was typed, until the saved values catch up with it: untouched fields show the saved
  // values, fresh after a refresh (another tab's save included), and a refresh never discards
  // what is being typed.
  const [colorDraft, setColor] = useState<string | null>(null);
  const [descriptionDraft, setDescription] = useState<string | null>(null);
  const [basis, setBasis] = useState({ brandColor, publicDescription });
  if (basis.brandColor !== brandColor || basis.publicDescription !== publicDescription) {
    setBasis({ brandColor, publicDescription });
    if (colorDraft !== null && colorDraft.toLowerCase() === (brandColor ?? DEFAULT).toLowerCase()) setColor(null);
    if (descriptionDraft !== null && (descriptionDraft.trim() || null) === publicDescription) setDescription(null);
  }
  const color = colorDraft ?? brandColor ?? DEFAULT;
  const description = descriptionDraft ?? publicDescription ?? "";
  const save = useMutation(
    trpc.tenant.updateBranding.mutationOptions({
      onSuccess: () => {
        toast({ title: t("saved"), variant: "success" });
        router.refresh();
      },
    }),
  );
  const error = save.error ? toClientError(save.error) : null;
  const valid = isHexColor(color);
  const ratio = valid ? contrastRatio(color, "#ffffff") : null;
  const decimal = new Intl.NumberFormat(INTL_LOCALE[locale], { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false });
  return (
    <Card>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ brandColor: color, publicDescription: description || null });
        }}
      >
        <CardHeader>
          <CardTitle>{t("title")}</CardTitle>
          <CardDescription>{t("description")}</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <div className="space-y-1.5">
            <Label htmlFor="brand-color">{t("colorLabel")}</Label>
            <div className="flex items-center gap-3">
              <input type="color" aria-label={t("pickColor")} value={valid ? color : DEFAULT} onChange={(e) => setColor(e.target.value)} className="h-10 w-14 cursor-pointer rounded border border-border bg-background" />
              <Input id="brand-color" value={color} onChange={(e) => setColor(e.target.value.trim())} maxLength={7} className="w-32! flex-none font-mono" aria-invalid={!!error?.fieldErrors.brandColor || !valid} aria-describedby="brand-color-hint" />
              <span aria-hidden className="block h-10 min-w-0 flex-1 truncate rounded-md px-3 text-center text-sm leading-10 font-medium text-white" style={{ backgroundColor: valid ? color : DEFAULT }}>
                {name}
              </span>
            </div>
            <FieldHint id="brand-color-hint">
              {ratio === null
                ? t("colorHint")
                : ratio >= MIN_CONTRAST
                  ? t("contrastReadable", { ratio: decimal.format(ratio) })
                  : t("contrastTooLow", { ratio: decimal.format(ratio), min: MIN_CONTRAST })}
            </FieldHint>
            <FieldError>{error?.fieldErrors.brandColor?.[0]}</FieldError>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="public-description">{t("descriptionLabel")}</Label>
            <textarea
              id="public-description"
              value={description}
              maxLength={500}
              rows={3}
              onChange={(e) => setDescription(e.target.value)}
              className="w-full rounded-md border border-border bg-background px-3 py-2 text-sm focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
              placeholder={t("descriptionPlaceholder")}
            />
            <FieldHint>{description.length}/500</FieldHint>
            <FieldError>{error?.fieldErrors.publicDescription?.[0]}</FieldError>
          </div>
        </CardContent>
        <CardFooter>
          <Button type="submit" loading={save.isPending} disabled={!valid || (ratio !== null && ratio < MIN_CONTRAST)}>
            {t("submit")}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
