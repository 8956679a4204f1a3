"use client";

import { Button } from "@/components/ui";
import type { OnboardingStep } from "@/server/tenants/onboarding-steps";
import { useOnboardingStep } from "./use-onboarding-step";

/** Back / Skip / Continue under a step. Forms that save first render their own submit instead. */
export function OnboardingNav({ step, continueLabel = "Continue", skippable = true, showContinue = true }: { step: OnboardingStep; continueLabel?: string; skippable?: boolean; showContinue?: boolean }) {
  const nav = useOnboardingStep(step);
  return (
    <div className="mt-8 flex flex-wrap items-center justify-between gap-3 border-t border-border pt-6">
      <div>
        {nav.back ? (
          <Button type="button" variant="ghost" disabled={nav.pending} onClick={nav.back}>
            ← Back
          </Button>
        ) : null}
      </div>
      <div className="flex gap-2">
        {skippable ? (
          <Button type="button" variant="outline" disabled={nav.pending} onClick={() => void nav.forward(true).catch(() => undefined)}>
            Skip this step
          </Button>
        ) : null}
        {showContinue ? (
          <Button type="button" loading={nav.pending} onClick={() => void nav.forward().catch(() => undefined)}>
            {continueLabel}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
