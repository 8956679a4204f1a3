"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import type { InsightRunView } from "./types";
import { useInsightFormat } from "./format";

export const isActive = (run: InsightRunView | null | undefined): run is InsightRunView => run?.status === "queued" || run?.status === "running";

/** The run's progress: queued, then running with its stage and a bar, as a live region. */
function RunProgress({ run }: { run: InsightRunView }) {
  const t = useTranslations("BillingInsights.analyse");
  const queued = run.status === "queued";
  const percent = queued ? 0 : Math.max(0, Math.min(100, run.progress));
  const label = queued ? t("queued") : t("running", { stage: run.stage ?? t("runningDefault"), percent });
  return (
    <div className="w-full space-y-1.5" data-testid="insight-progress" data-status={run.status}>
      <p className="text-sm font-medium">{label}</p>
      <div
        role="progressbar"
        aria-label={t("progress")}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={label}
        className="h-2.5 w-full overflow-hidden rounded-full bg-muted"
      >
        <div className="h-full rounded-full bg-primary transition-[width] duration-500" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

type Props = {
  hasReport: boolean;
  computedAt: Date | null;
  run: InsightRunView | null;
  pending: boolean;
  /** The request itself failed (not the run). */
  requestError: string | null;
  justFinished: boolean;
  onAnalyse: () => void;
};

export function AnalysePanel({ hasReport, computedAt, run, pending, requestError, justFinished, onAnalyse }: Props) {
  const t = useTranslations("BillingInsights.analyse");
  const { formatDateTime } = useInsightFormat();
  const active = isActive(run);
  const failed = run?.status === "failed";
  const button = (
    <Button onClick={onAnalyse} disabled={pending || active} aria-describedby="analyse-status">
      {active || pending ? t("analysing") : failed ? t("tryAgain") : t("analyseNow")}
    </Button>
  );
  return (
    <section aria-labelledby="analyse-heading" className="space-y-4 rounded-md border border-border bg-card p-4 shadow-sm sm:p-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-1">
          <h2 id="analyse-heading" className="text-lg font-semibold">
            {hasReport ? t("latest") : t("none")}
          </h2>
          <p className="text-sm text-muted-foreground">
            {hasReport && computedAt ? t("analysedAt", { at: formatDateTime(computedAt) }) : t("intro")}
          </p>
        </div>
        {button}
      </div>
      <div id="analyse-status" role="status" aria-live="polite" className="empty:hidden">
        {active ? <RunProgress run={run} /> : null}
        {justFinished && !active && !failed ? <p className="text-sm font-medium text-success">{t("done")}</p> : null}
      </div>
      {failed ? (
        <Alert variant="error" title={t("failed")}>
          {run.error ?? t("failedDefault")} {t("pressTryAgain")}
        </Alert>
      ) : null}
      {requestError ? (
        <Alert variant="error" title={t("startFailed")}>
          {requestError}
        </Alert>
      ) : null}
    </section>
  );
}
