"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button, FieldError, FieldHint, Input, Label } from "@/components/ui";
import { contrastRatio, isHexColor, MIN_CONTRAST } from "@/server/branding/contrast";
import { useOnboardingStep } from "./use-onboarding-step";

const DEFAULT = "#1d4ed8";

/** Step 2 (after the logo upload above it): the brand colour, saved, then on to step 3. */
export function BrandColorStep({ name, brandColor, publicDescription }: { name: string; brandColor: string | null; publicDescription: string | null }) {
  const trpc = useTRPC();
  const nav = useOnboardingStep("branding");
  const [color, setColor] = useState(brandColor ?? DEFAULT);
  const save = useMutation(trpc.tenant.updateBranding.mutationOptions());
  const [error, setError] = useState<ReturnType<typeof toClientError> | null>(null);
  const valid = isHexColor(color);
  const ratio = valid ? contrastRatio(color, "#ffffff") : null;

  async function submit() {
    setError(null);
    try {
      if (color !== brandColor) await save.mutateAsync({ brandColor: color, publicDescription });
      await nav.forward();
    } catch (e) {
      setError(toClientError(e));
    }
  }

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      className="space-y-5"
    >
      <div className="space-y-1.5">
        <Label htmlFor="onb-color">Brand colour</Label>
        <div className="flex items-center gap-3">
          <input type="color" aria-label="Pick a colour" value={valid ? color : DEFAULT} onChange={(e) => setColor(e.target.value)} className="h-10 w-14 cursor-pointer rounded border border-border bg-background" />
          <div className="w-32 shrink-0">
            <Input id="onb-color" value={color} onChange={(e) => setColor(e.target.value.trim().toLowerCase())} maxLength={7} className="font-mono" aria-invalid={!valid || !!error?.fieldErrors.brandColor} aria-describedby="onb-color-hint" />
          </div>
          <span aria-hidden className="grid h-10 min-w-0 flex-1 place-items-center truncate rounded-md px-3 text-sm font-medium text-white" style={{ backgroundColor: valid ? color : DEFAULT }}>
            {name}
          </span>
        </div>
        <FieldHint id="onb-color-hint">
          {ratio === null ? "Use a colour like #1d4ed8." : `White text contrast ${ratio.toFixed(1)}:1 — ${ratio >= MIN_CONTRAST ? "readable" : `needs at least ${MIN_CONTRAST}:1`}.`}
        </FieldHint>
        <FieldError>{error?.fieldErrors.brandColor?.[0] ?? (error && !Object.keys(error.fieldErrors).length ? error.message : null)}</FieldError>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-border pt-6">
        <div>
          {nav.back ? (
            <Button type="button" variant="ghost" disabled={nav.pending} onClick={nav.back}>
              ← Back
            </Button>
          ) : null}
        </div>
        <div className="flex gap-2">
          <Button type="button" variant="outline" disabled={nav.pending || save.isPending} onClick={() => void nav.forward(true).catch(() => undefined)}>
            Skip this step
          </Button>
          <Button type="submit" loading={save.isPending || nav.pending} disabled={!valid}>
            Save and continue
          </Button>
        </div>
      </div>
    </form>
  );
}
