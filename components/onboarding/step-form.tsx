"use client";

import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { toClientError } from "@/components/trpc/client";
import { FieldError } from "@/components/ui/input";
import type { OnboardingStep } from "@/lib/onboarding-steps";
import { OnboardingNav } from "./onboarding-nav";
import { useOnboardingStep } from "./use-onboarding-step";

export type StepError = ReturnType<typeof toClientError> | null;

/**
 * A step that saves before moving on: `save` runs on submit; when it succeeds the saved progress
 * moves to the next step, when it fails the fields keep what was typed and show the errors.
 */
export function StepForm({
  step,
  save,
  skippable,
  disabled,
  children,
}: {
  step: OnboardingStep;
  save: () => Promise<void>;
  skippable: boolean;
  disabled?: boolean;
  children: (error: StepError) => ReactNode;
}) {
  const t = useTranslations("DashboardOnboarding");
  const nav = useOnboardingStep(step);
  const [error, setError] = useState<StepError>(null);
  const [pending, setPending] = useState(false);
  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        setPending(true);
        try {
          await save();
          await nav.forward();
        } catch (caught) {
          setError(toClientError(caught));
        } finally {
          setPending(false);
        }
      }}
    >
      {children(error)}
      {error && !Object.keys(error.fieldErrors).length ? <FieldError>{error.message}</FieldError> : null}
      <OnboardingNav step={step} continueLabel={t("saveAndContinue")} skippable={skippable} submit={{ pending, disabled }} />
    </form>
  );
}
