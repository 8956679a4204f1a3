"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { useToast } from "@/components/ui/toast";
import { ONBOARDING_STEPS, type OnboardingStep } from "@/lib/onboarding-steps";

/** Moves the saved setup progress: to a step, or past the last one (finished). */
export function useOnboardingStep(current: OnboardingStep) {
  const t = useTranslations("DashboardOnboarding");
  const trpc = useTRPC();
  const router = useRouter();
  const { toast } = useToast();
  const onError = (error: unknown) => toast({ title: t("saveFailed"), description: toClientError(error).message, variant: "error" });
  const setStep = useMutation(trpc.tenant.setOnboardingStep.mutationOptions({ onSuccess: () => router.refresh(), onError }));
  const complete = useMutation(trpc.tenant.completeOnboarding.mutationOptions({ onSuccess: () => router.push("/dashboard?setup=done"), onError }));
  const index = ONBOARDING_STEPS.indexOf(current);
  return {
    pending: setStep.isPending || complete.isPending,
    // `from`: a tab left on an older step moves nothing (another tab got further); it is refreshed.
    back: index > 0 ? () => setStep.mutate({ step: ONBOARDING_STEPS[index - 1]!, from: current }) : null,
    /** Next step, or finish after the last one. */
    forward: (skipped = false) => (index < ONBOARDING_STEPS.length - 1 ? setStep.mutateAsync({ step: ONBOARDING_STEPS[index + 1]!, from: current }) : complete.mutateAsync({ skipped })),
    dismiss: () => complete.mutate({ skipped: true }),
  };
}
