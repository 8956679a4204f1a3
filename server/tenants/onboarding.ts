import { and, eq } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { withTenant } from "../db/with-tenant";
import { tenants } from "../db/schema";
import { AppError } from "../errors";
import { z } from "zod";
import { ONBOARDING_STEPS, type OnboardingStep } from "../../lib/onboarding-steps";

export { ONBOARDING_STEPS, STEP_LABELS, type OnboardingStep } from "../../lib/onboarding-steps";

/** A step as the dashboard sends it (the steps themselves are shared with the browser). */
export const ZOnboardingStep = z.enum(ONBOARDING_STEPS);

// The guided setup after creating a workspace. Progress (the step to resume at) is saved on the
// tenant, so leaving and coming back lands on the same step, on any device.

export type OnboardingState = { step: OnboardingStep; stepIndex: number; completedAt: Date | null };

function parseStep(value: string): OnboardingStep {
  const parsed = ZOnboardingStep.safeParse(value);
  return parsed.success ? parsed.data : "details";
}

/** The setup state from a workspace row already read (the dashboard frame has it). */
export function onboardingStateOf(row: { onboardingStep: string; onboardingCompletedAt: Date | null }): OnboardingState {
  const step = parseStep(row.onboardingStep);
  return { step, stepIndex: ONBOARDING_STEPS.indexOf(step), completedAt: row.onboardingCompletedAt };
}

export async function getOnboarding({ tenantId }: { tenantId: string }): Promise<OnboardingState> {
  const [row] = await withTenant(tenantId, (tx) =>
    tx.select({ step: tenants.onboardingStep, completedAt: tenants.onboardingCompletedAt }).from(tenants).where(eq(tenants.id, tenantId)),
  );
  if (!row) throw new AppError("NOT_FOUND", "Workspace not found.");
  return onboardingStateOf({ onboardingStep: row.step, onboardingCompletedAt: row.completedAt });
}

/** Saves the step to resume at (Continue, Skip and Back all land here). */
/**
 * Moves the saved step. With `from` (the step the page was on), only from there: a tab left
 * open on an earlier step does not rewind progress another tab made; it gets the saved state back.
 */
export async function setOnboardingStep({ tenantId, step, from }: { tenantId: string; step: OnboardingStep; from?: OnboardingStep }): Promise<OnboardingState> {
  await withTenant(tenantId, (tx) =>
    tx
      .update(tenants)
      .set({ onboardingStep: step })
      .where(from ? and(eq(tenants.id, tenantId), eq(tenants.onboardingStep, from)) : eq(tenants.id, tenantId)),
  );
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
