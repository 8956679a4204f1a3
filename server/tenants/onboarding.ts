import { eq } from "drizzle-orm";
import { z } from "zod";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { withTenant } from "../db/with-tenant";
import { tenants } from "../db/schema";
import { AppError } from "../errors";

// The guided setup after creating a workspace. Progress (the step to resume at) is saved on the
// tenant, so leaving and coming back lands on the same step, on any device.

export const ONBOARDING_STEPS = ["details", "branding", "team", "plan", "api-key"] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];
export const ZOnboardingStep = z.enum(ONBOARDING_STEPS);

export const STEP_LABELS: Record<OnboardingStep, string> = {
  details: "Workspace details",
  branding: "Branding",
  team: "Invite your team",
  plan: "Choose a plan",
  "api-key": "First API key",
};

export type OnboardingState = { step: OnboardingStep; stepIndex: number; completedAt: Date | null };

function parseStep(value: string): OnboardingStep {
  const parsed = ZOnboardingStep.safeParse(value);
  return parsed.success ? parsed.data : "details";
}

export async function getOnboarding({ tenantId }: { tenantId: string }): Promise<OnboardingState> {
  const [row] = await withTenant(tenantId, (tx) =>
    tx.select({ step: tenants.onboardingStep, completedAt: tenants.onboardingCompletedAt }).from(tenants).where(eq(tenants.id, tenantId)),
  );
  if (!row) throw new AppError("NOT_FOUND", "Workspace not found.");
  const step = parseStep(row.step);
  return { step, stepIndex: ONBOARDING_STEPS.indexOf(step), completedAt: row.completedAt };
}

/** Saves the step to resume at (Continue, Skip and Back all land here). */
export async function setOnboardingStep({ tenantId, step }: { tenantId: string; step: OnboardingStep }): Promise<OnboardingState> {
  await withTenant(tenantId, (tx) => tx.update(tenants).set({ onboardingStep: step }).where(eq(tenants.id, tenantId)));
  return getOnboarding({ tenantId });
}

/** Finishes (or dismisses) the guided setup; once, with an audit event. */
export async function completeOnboarding({ tenantId, actorUserId, meta, skipped }: { tenantId: string; actorUserId: string; meta: RequestMeta; skipped: boolean }): Promise<void> {
  await withTenant(tenantId, async (tx) => {
    const [row] = await tx.select({ completedAt: tenants.onboardingCompletedAt, step: tenants.onboardingStep, slug: tenants.slug }).from(tenants).where(eq(tenants.id, tenantId)).for("update");
    if (!row) throw new AppError("NOT_FOUND", "Workspace not found.");
    if (row.completedAt) return;
    await tx.update(tenants).set({ onboardingCompletedAt: new Date() }).where(eq(tenants.id, tenantId));
    await recordAuditEvent(tx, { tenantId, actorUserId, action: "tenant.onboarding_completed", target: `tenant:${row.slug}`, metadata: { skipped, lastStep: row.step }, meta });
  });
}
