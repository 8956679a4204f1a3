"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import type { OnboardingStep } from "@/lib/onboarding-steps";
import { useOnboardingStep } from "./use-onboarding-step";

type Props = {
  step: OnboardingStep;
  continueLabel?: string;
  skippable?: boolean;
  /** Inside a form: the primary button submits it (the form saves, then moves on). */
  submit?: { pending: boolean; disabled?: boolean };
};

/** Back / Skip / Continue under a step. */
export function OnboardingNav({ step, continueLabel: label, skippable = true, submit }: Props) {
  const t = useTranslations("DashboardOnboarding");
  const continueLabel = label ?? t("continue");
  const nav = useOnboardingStep(step);
  const busy = nav.pending || !!submit?.pending;
  return (
    <div className="mt-8 flex flex-wrap items-center justify-between gap-3 border-t border-border pt-6">
      <div>
        {nav.back ? (
          <Button type="button" variant="ghost" disabled={busy} onClick={nav.back}>
            {t("back")}
          </Button>
        ) : null}
      </div>
      <div className="flex gap-2">
        {skippable ? (
          <Button type="button" variant="outline" disabled={busy} onClick={() => void nav.forward(true).catch(() => undefined)}>
            {t("skip")}
          </Button>
        ) : null}
        {submit ? (
          <Button type="submit" loading={busy} disabled={submit.disabled}>
            {continueLabel}
          </Button>
        ) : (
          <Button type="button" loading={busy} onClick={() => void nav.forward().catch(() => undefined)}>
            {continueLabel}
          </Button>
        )}
      </div>
    </div>
  );
}
