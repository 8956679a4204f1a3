import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ApiKeyStep } from "@/components/onboarding/api-key-step";
import { BrandColorStep } from "@/components/onboarding/branding-step";
import { DetailsStep } from "@/components/onboarding/details-step";
import { OnboardingNav } from "@/components/onboarding/onboarding-nav";
import { InviteForm } from "@/components/members/invite-form";
import { PendingInvitations } from "@/components/members/pending-invitations";
import { LogoUpload } from "@/components/settings/logo-upload";
import { cn } from "@/components/ui/cn";
import { PLANS, TRIAL_PLAN_ID, type PlanId } from "@/lib/plans";
import { randomUUID } from "node:crypto";
import { PlanStep } from "@/components/onboarding/plan-step";
import { Alert } from "@/components/ui/alert";
import { logoPath } from "@/server/branding/logo";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";
import { hasPermission } from "@/lib/permissions";
import { onboardingStateOf, ONBOARDING_STEPS, STEP_LABELS, type OnboardingStep } from "@/server/tenants/onboarding";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";

export const metadata: Metadata = { title: "Set up your workspace" };

const INTRO: Record<OnboardingStep, string> = {
  details: "Check how your workspace is named and what visitors read on its public page.",
  branding: "Make the portal look like you: your logo and colour appear on the dashboard and the public page.",
  team: "Invite the people who work with you. They get an email with a link that is valid for 7 days.",
  plan: "Your workspace starts on a free trial. Stay on it for now or choose a plan.",
  "api-key": "Your product reports usage and reads entitlements with an API key.",
};

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" });

type Props = { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | undefined>> };

export default async function OnboardingPage({ params, searchParams }: Props) {
  const { tenant, denied } = await requireWorkspacePage((await params).tenant, { capability: "change", permission: "tenant:update" });
  if (denied) redirect("/dashboard");
  const state = onboardingStateOf(tenant);
  if (state.completedAt) redirect("/dashboard");
  // Back from a checkout started in step 4: on to step 5. (The saved step stays 4 until they go on;
  // coming back later, step 4 shows the plan they bought and a plain Continue.)
  const paid = state.step === "plan" && (await searchParams).checkout === "success";
  const step: OnboardingStep = paid ? "api-key" : state.step;
  const stepIndex = ONBOARDING_STEPS.indexOf(step);
  const attemptId = randomUUID();

  return (
    <div className="mx-auto max-w-3xl">
      <div className="mb-6 flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold tracking-tight">Set up {tenant.name}</h1>
        <Link href="/dashboard" className="text-sm text-muted-foreground underline-offset-4 hover:underline">
          Finish later — your progress is saved
        </Link>
      </div>
      <ol className="mb-8 grid grid-cols-5 gap-2" aria-label="Setup steps">
        {ONBOARDING_STEPS.map((s, i) => (
          <li key={s} aria-current={s === step ? "step" : undefined} className="flex flex-col gap-1.5">
            <span className={cn("h-1.5 rounded-full", i < stepIndex ? "bg-primary" : i === stepIndex ? "bg-primary/60" : "bg-muted")} />
            <span className={cn("text-xs", s === step ? "font-medium text-foreground" : "text-muted-foreground")}>
              <span className="sr-only">{i < stepIndex ? "Done: " : s === step ? "Current: " : "Next: "}</span>
              {i + 1}. {STEP_LABELS[s]}
            </span>
          </li>
        ))}
      </ol>
      <section aria-labelledby="step-heading" className="rounded-lg border border-border bg-card p-4 shadow-sm sm:p-8">
        <p className="text-sm text-muted-foreground">
          Step {stepIndex + 1} of {ONBOARDING_STEPS.length}
        </p>
        <h2 id="step-heading" className="mt-1 text-xl font-semibold">
          {STEP_LABELS[step]}
        </h2>
        <p className="mt-1 mb-6 text-sm text-muted-foreground">{INTRO[step]}</p>
        {paid ? (
          <Alert variant="success" title="Payment received" className="mb-6">
            {tenant.status === "trialing" ? "Your plan starts as soon as the payment is confirmed." : `You are on ${PLANS[(tenant.planId ?? "starter") as PlanId]?.name ?? "your new plan"}.`} One last step.
          </Alert>
        ) : null}

        {step === "details" ? <DetailsStep name={tenant.name} publicDescription={tenant.publicDescription} brandColor={tenant.brandColor} slug={tenant.slug} /> : null}

        {step === "branding" ? (
          <div className="space-y-6">
            <LogoUpload key={tenant.logoKey ?? "none"} logoUrl={logoPath(tenant.logoKey)} maxBytes={env.LOGO_MAX_BYTES} name={tenant.name} />
            <BrandColorStep name={tenant.name} brandColor={tenant.brandColor} publicDescription={tenant.publicDescription} />
          </div>
        ) : null}

        {step === "team" ? (
          <div className="space-y-6">
            <InviteForm actorRole={tenant.role} />
            <PendingInvitations />
            <OnboardingNav step="team" />
          </div>
        ) : null}

        {step === "plan" ? (
          <div>
            <div className="rounded-md border border-border p-4 text-sm">
              {tenant.status === "trialing" ? (
                <p>
                  You are on the free trial of <strong>{PLANS[TRIAL_PLAN_ID].name}</strong>
                  {tenant.trialEndsAt ? <> until <strong>{dateFormat.format(tenant.trialEndsAt)}</strong></> : null}. No card is needed until then; we remind you 3 days and 1 day
                  before it ends.
                </p>
              ) : (
                <p>
                  Your workspace is on the <strong>{PLANS[(tenant.planId ?? "starter") as keyof typeof PLANS]?.name ?? tenant.planId}</strong> plan.
                </p>
              )}
            </div>
            {tenant.status === "trialing" && hasPermission(tenant.role, "billing:manage") ? (
              <div className="mt-4">
                <PlanStep attemptId={attemptId} currency={tenant.currency} />
              </div>
            ) : null}
            <OnboardingNav step="plan" continueLabel={tenant.status === "trialing" ? "Stay on the trial and continue" : "Continue"} skippable={false} />
          </div>
        ) : null}

        {step === "api-key" ? <ApiKeyStep apiBase={`${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/api/v1`} /> : null}
      </section>
    </div>
  );
}
