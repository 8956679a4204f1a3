"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { USAGE_METRICS, type UsageMetric } from "@/lib/plans";
import type { InsightFacts } from "./types";
import { AnalysePanel, isActive } from "./analyse-panel";
import { HygieneLists } from "./hygiene-lists";
import { MetricCard } from "./metric-card";
import { RightSizingCards } from "./right-sizing-cards";

const METRICS = Object.keys(USAGE_METRICS) as UsageMetric[];
/** How often the page asks for progress while a run is queued or running. */
const POLL_MS = 1_500;

function Section({ id, title, description, children }: { id: string; title: string; description?: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3">
      <div>
        <h2 id={`${id}-heading`} className="text-lg font-semibold">
          {title}
        </h2>
        {description ? <p className="text-sm text-muted-foreground">{description}</p> : null}
      </div>
      {children}
    </section>
  );
}

function Report({ facts, summary }: { facts: InsightFacts; summary: string | null }) {
  const t = useTranslations("BillingInsights.section");
  return (
    <div className="space-y-10">
      <Section id="usage" title={t("usage")} description={t("usageDescription")}>
        <div className="grid gap-4 xl:grid-cols-2">
          {METRICS.map((m) => (
            <MetricCard key={m} metric={m} facts={facts} />
          ))}
        </div>
      </Section>
      <Section id="plan" title={t("plan")} description={t("planDescription")}>
        <RightSizingCards rightSizing={facts.rightSizing} planId={facts.planId} />
      </Section>
      <Section id="hygiene" title={t("hygiene")} description={t("hygieneDescription")}>
        <HygieneLists hygiene={facts.hygiene} />
      </Section>
      {summary ? (
        <Section id="summary" title={t("summary")} description={t("summaryDescription")}>
          <p lang="en" className="max-w-3xl text-sm whitespace-pre-line" data-testid="insight-summary">
            {summary}
          </p>
        </Section>
      ) : null}
    </div>
  );
}

export function InsightsView() {
  const t = useTranslations("BillingInsights");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [startedRunId, setStartedRunId] = useState<string | null>(null);
  const latest = useQuery({
    ...trpc.insight.latest.queryOptions(),
    refetchOnMount: "always",
    refetchInterval: (query) => (isActive(query.state.data?.run) ? POLL_MS : false),
  });
  const analyse = useMutation(
    trpc.insight.analyse.mutationOptions({
      onSuccess: (run) => {
        setStartedRunId(run.id);
        // Show the run at once (queued), then poll for its progress.
        queryClient.setQueryData(trpc.insight.latest.queryKey(), (old) => (old ? { ...old, run } : old));
        void queryClient.invalidateQueries({ queryKey: trpc.insight.latest.queryKey() });
      },
    }),
  );

  if (latest.isPending) {
    return (
      <p className="text-sm text-muted-foreground" role="status">
        {t("loading")}
      </p>
    );
  }
  if (latest.isError) {
    return (
      <Alert variant="error" title={t("loadFailed")}>
        <p>{toClientError(latest.error).message}</p>
        <Button variant="outline" size="sm" className="mt-2" onClick={() => void latest.refetch()}>
          {t("tryAgain")}
        </Button>
      </Alert>
    );
  }
  const { report, run } = latest.data;
  const justFinished = startedRunId !== null && report?.id === startedRunId;
  return (
    <div className="space-y-10">
      <AnalysePanel
        hasReport={report !== null}
        computedAt={report?.facts.computedAt ?? null}
        run={run}
        pending={analyse.isPending}
        requestError={analyse.isError ? toClientError(analyse.error).message : null}
        justFinished={justFinished}
        onAnalyse={() => analyse.mutate()}
      />
      {report ? <Report facts={report.facts} summary={report.summary} /> : null}
    </div>
  );
}
