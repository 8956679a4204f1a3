// The guided setup's steps (shared by the server and the browser).

export const ONBOARDING_STEPS = ["details", "branding", "team", "plan", "api-key"] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

export const STEP_LABELS: Record<OnboardingStep, string> = {
  details: "Workspace details",
  branding: "Branding",
  team: "Invite your team",
  plan: "Choose a plan",
  "api-key": "First API key",
};
