"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { FieldError, FieldHint, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { StepForm } from "./step-form";

/** Step 1: the name people see and the public page's description; saved, then on to step 2. */
export function DetailsStep({ name, publicDescription, brandColor, slug }: { name: string; publicDescription: string | null; brandColor: string | null; slug: string }) {
  const trpc = useTRPC();
  const [values, setValues] = useState({ name, description: publicDescription ?? "" });
  const rename = useMutation(trpc.tenant.rename.mutationOptions());
  const branding = useMutation(trpc.tenant.updateBranding.mutationOptions());

  async function save() {
    if (values.name.trim() !== name) await rename.mutateAsync({ name: values.name });
    if ((values.description.trim() || null) !== publicDescription) await branding.mutateAsync({ brandColor, publicDescription: values.description || null });
  }

  return (
    <StepForm step="details" save={save} skippable={false} disabled={!values.name.trim()}>
      {(error) => (
        <>
          <div className="space-y-1.5">
            <Label htmlFor="onb-name">Workspace name</Label>
            <Input id="onb-name" value={values.name} maxLength={64} onChange={(e) => setValues((v) => ({ ...v, name: e.target.value }))} aria-invalid={!!error?.fieldErrors.name} />
            <FieldHint>Shown to your team and on your public page. Your address stays {slug}.</FieldHint>
            <FieldError>{error?.fieldErrors.name?.[0]}</FieldError>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="onb-description">Public page description (optional)</Label>
            <textarea
              id="onb-description"
              value={values.description}
              maxLength={500}
              rows={3}
              onChange={(e) => setValues((v) => ({ ...v, description: e.target.value }))}
              placeholder="What your customers find here, in a sentence or two."
              className="w-full rounded-md border border-border bg-background px-3 py-2 text-sm focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
            />
            <FieldError>{error?.fieldErrors.publicDescription?.[0]}</FieldError>
          </div>
        </>
      )}
    </StepForm>
  );
}
