import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
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
import type { ReactNode } from "react";
import { PlanStep } from "@/components/onboarding/plan-step";
import { Alert } from "@/components/ui/alert";
import { logoPath } from "@/server/branding/logo";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";
import { hasPermission } from "@/lib/permissions";
import { onboardingStateOf, ONBOARDING_STEPS, type OnboardingStep } from "@/server/tenants/onboarding";
import { DEFAULT_LOCALE, INTL_LOCALE } from "@/lib/i18n/locales";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";
import { withClientMessages } from "@/components/i18n/client-messages";
import { TrpcQueryProvider } from "@/components/trpc/client";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("DashboardOnboarding");
  return { title: t("title") };
}

type Props = { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | undefined>> };

async function OnboardingPage({ params, searchParams }: Props) {
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
  const [t, locale] = await Promise.all([getTranslations("DashboardOnboarding"), getLocale()]);
  const dateFormat = new Intl.DateTimeFormat(locale === DEFAULT_LOCALE ? "en" : INTL_LOCALE[locale], { dateStyle: "long", timeZone: "UTC" });
  const strong = (chunks: ReactNode) => <strong>{chunks}</strong>;
  const planName = PLANS[(tenant.planId ?? "starter") as PlanId]?.name;

  return (
    <TrpcQueryProvider>
      <div className="mx-auto max-w-3xl">
        <div className="mb-6 flex flex-wrap items-baseline justify-between gap-2">
          <h1 className="text-2xl font-bold tracking-tight">{t("heading", { name: tenant.name })}</h1>
          <Link href="/dashboard" className="text-sm text-muted-foreground underline-offset-4 hover:underline pointer-coarse:inline-flex pointer-coarse:min-h-10 pointer-coarse:items-center">
            {t("finishLater")}
          </Link>
        </div>
        <ol className="mb-8 grid grid-cols-5 gap-2" aria-label={t("stepsLabel")}>
          {ONBOARDING_STEPS.map((s, i) => (
            <li key={s} aria-current={s === step ? "step" : undefined} className="flex flex-col gap-1.5">
              <span className={cn("h-1.5 rounded-full", i < stepIndex ? "bg-primary" : i === stepIndex ? "bg-primary/60" : "bg-muted")} />
              <span className={cn("text-xs", s === step ? "font-medium text-foreground" : "text-muted-foreground")}>
                <span className="sr-only">{i < stepIndex ? t("stepDone") : s === step ? t("stepCurrent") : t("stepNext")}</span>
                {/* A phone's column is too narrow for the names: numbers there (the step's name heads the section below). */}
                {i + 1}.<span className="max-sm:sr-only"> {t(`step.${s}`)}</span>
              </span>
            </li>
          ))}
        </ol>
        <section aria-labelledby="step-heading" className="rounded-lg border border-border bg-card p-4 shadow-sm sm:p-8">
          <p className="text-sm text-muted-foreground">
            {t("stepOf", { step: String(stepIndex + 1), total: String(ONBOARDING_STEPS.length) })}
          </p>
          <h2 id="step-heading" className="mt-1 text-xl font-semibold">
            {t(`step.${step}`)}
          </h2>
          <p className="mt-1 mb-6 text-sm text-muted-foreground">{t(`intro.${step}`)}</p>
          {paid ? (
            <Alert variant="success" title={t("paidTitle")} className="mb-6">
              {tenant.status === "trialing" ? t("paidTrialing") : t("paidOnPlan", { plan: planName ?? t("newPlan") })} {t("oneLastStep")}
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
                    {tenant.trialEndsAt
                      ? t.rich("trialOnUntil", { plan: PLANS[TRIAL_PLAN_ID].name, date: dateFormat.format(tenant.trialEndsAt), strong })
                      : t.rich("trialOn", { plan: PLANS[TRIAL_PLAN_ID].name, strong })}
                  </p>
                ) : (
                  <p>{t.rich("onPlan", { plan: planName ?? tenant.planId ?? "", strong })}</p>
                )}
              </div>
              {tenant.status === "trialing" && hasPermission(tenant.role, "billing:manage") ? (
                <div className="mt-4">
                  <PlanStep attemptId={attemptId} currency={tenant.currency} />
                </div>
              ) : null}
              <OnboardingNav step="plan" continueLabel={tenant.status === "trialing" ? t("stayOnTrial") : t("continue")} skippable={false} />
            </div>
          ) : null}

          {step === "api-key" ? <ApiKeyStep apiBase={`${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/api/v1`} /> : null}
        </section>
      </div>
    </TrpcQueryProvider>
  );
}

export default withClientMessages(["DashboardOnboarding", "WorkspaceApiKeys", "WorkspaceCommon", "DashboardMembers", "Dashboard", "WorkspaceSettings", "WorkspaceBranding", "Billing"], OnboardingPage);
