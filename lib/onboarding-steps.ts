import { z } from "zod";
import enDashboard from "./i18n/messages/en/dashboard.json";

// The guided setup's steps (shared by the server and the browser).

export const ONBOARDING_STEPS = ["details", "branding", "team", "plan", "api-key"] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];
export const ZOnboardingStep = z.enum(ONBOARDING_STEPS);

/** In English; the words are the messages' (DashboardOnboarding.step). */
export const STEP_LABELS: Record<OnboardingStep, string> = enDashboard.DashboardOnboarding.step;
