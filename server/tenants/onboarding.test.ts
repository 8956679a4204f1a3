import { describe, expect, it } from "vitest";
import { contextFor, makeTenant } from "../../test/factories";
import { createCaller } from "../trpc/root";

describe("guided setup", () => {
  it("starts at step 1 for a new workspace, saves progress and resumes at the same step", async () => {
    const { tenant, owner } = await makeTenant();
    const caller = createCaller(contextFor({ user: owner, tenant }));
    expect(await caller.tenant.onboarding()).toMatchObject({ step: "details", stepIndex: 0, completedAt: null });
    await caller.tenant.setOnboardingStep({ step: "branding" });
    await caller.tenant.setOnboardingStep({ step: "team" });
    // A new session (another device, days later) resumes where the owner left off.
    const later = createCaller(contextFor({ user: owner, tenant }));
    expect(await later.tenant.onboarding()).toMatchObject({ step: "team", stepIndex: 2 });
    // Back works too.
    expect(await later.tenant.setOnboardingStep({ step: "branding" })).toMatchObject({ step: "branding", stepIndex: 1 });
    await expect(later.tenant.setOnboardingStep({ step: "nope" as "team" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // Two tabs: one moved on to "plan"; the other, still showing "branding", saves its step. The
    // saved progress stays at "plan", and that tab is told so.
    await caller.tenant.setOnboardingStep({ step: "team", from: "branding" });
    await caller.tenant.setOnboardingStep({ step: "plan", from: "team" });
    expect(await later.tenant.setOnboardingStep({ step: "team", from: "branding" })).toMatchObject({ step: "plan", stepIndex: 3 });
    expect(await later.tenant.setOnboardingStep({ step: "team", from: "plan" })).toMatchObject({ step: "team", stepIndex: 2 });
  });

  it("finishes once, with an audit event; members cannot change it", async () => {
    const { tenant, owner, members } = await makeTenant([{ role: "member" }]);
    const caller = createCaller(contextFor({ user: owner, tenant }));
    const member = createCaller(contextFor({ user: members[0]!.user, tenant }));
    await expect(member.tenant.setOnboardingStep({ step: "plan" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(member.tenant.completeOnboarding({ skipped: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await caller.tenant.setOnboardingStep({ step: "api-key" });
    await caller.tenant.completeOnboarding({ skipped: false });
    await caller.tenant.completeOnboarding({ skipped: false });
    expect((await caller.tenant.onboarding()).completedAt).toBeInstanceOf(Date);
    const log = await caller.audit.list({ filters: { action: "tenant.onboarding_completed" } });
    expect(log.total).toBe(1);
    expect(log.items[0]!.metadata).toMatchObject({ skipped: false, lastStep: "api-key" });
  });
});
