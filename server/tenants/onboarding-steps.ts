// Moved to lib/onboarding-steps.ts; import from there.
export * from "../../lib/onboarding-steps";
