import { useTranslations } from "next-intl";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { USAGE_METRICS, type UsageMetric } from "@/lib/plans";
import type { InsightFacts } from "./types";
import { useChartWords } from "@/components/usage/chart-words";
import { UsageBarChart } from "@/components/usage/usage-bar-chart";
import { useInsightFormat, utcDay } from "./format";

/** The day (UTC) a point or an anomaly falls on, as the chart keys its bars. */
const dayStart = (at: Date) => new Date(utcDay(at)).toISOString();

type Trend = InsightFacts["trends"][number];
type Forecast = InsightFacts["forecasts"][number];
type Comparison = Trend["periodToDate"];

function Change({ label, comparison, testId }: { label: string; comparison: Comparison; testId: string }) {
  const t = useTranslations("BillingInsights.metric");
  const { num, formatPercentChange } = useInsightFormat();
  const { current, previous, percent, fromZero } = comparison;
  return (
    <div data-testid={testId}>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="tabular-nums">
        <span className="font-medium">{num(current, 2)}</span> {t("vs")} {num(previous, 2)}{" "}
        <span className={percent > 0 ? "text-foreground" : "text-muted-foreground"}>({formatPercentChange(percent, fromZero)})</span>
      </dd>
    </div>
  );
}

function ThresholdLine({ threshold }: { threshold: Forecast["thresholds"][number] }) {
  const t = useTranslations("BillingInsights.forecast");
  const { num, formatDate } = useInsightFormat();
  const label = t("threshold", { percent: Math.round(threshold.ratio * 100), units: num(threshold.units) });
  let text: string;
  if (threshold.reached && threshold.at) text = t("reachedOn", { date: formatDate(threshold.at) });
  else if (!threshold.at) text = t("notThisPeriod");
  else if (threshold.low || threshold.high) {
    const from = threshold.low ? formatDate(threshold.low) : t("now");
    const to = threshold.high ? formatDate(threshold.high) : t("afterPeriod");
    text = t("aroundBand", { date: formatDate(threshold.at), from, to });
  } else text = t("around", { date: formatDate(threshold.at) });
  return (
    <li>
      <span className="text-muted-foreground">{label}:</span> {text}
    </li>
  );
}

function ForecastFigures({ forecast, period }: { forecast: Forecast; period: InsightFacts["period"] }) {
  const t = useTranslations("BillingInsights.forecast");
  const { num, formatDate } = useInsightFormat();
  if (forecast.unused) {
    return (
      <div className="space-y-2" data-testid={`forecast-${forecast.metric}`}>
        <h4 className="font-medium">{t("title")}</h4>
        <p className="text-muted-foreground">{t.rich("unused", { limit: num(forecast.limit), n: (chunks) => <span className="tabular-nums">{chunks}</span> })}</p>
      </div>
    );
  }
  return (
    <div className="space-y-2" data-testid={`forecast-${forecast.metric}`}>
      <h4 className="font-medium">{t("title")}</h4>
      <p>
        {t.rich("figures", {
          used: num(forecast.used, 2),
          limit: num(forecast.limit),
          kind: forecast.kind,
          expected: num(Math.round(forecast.projected.expected)),
          end: formatDate(period.end),
          low: num(Math.round(forecast.projected.low)),
          high: num(Math.round(forecast.projected.high)),
          usedTag: (chunks) => (
            <span className="tabular-nums" data-testid={`insight-${forecast.metric}-used`}>
              {chunks}
            </span>
          ),
          limitTag: (chunks) => (
            <span className="tabular-nums" data-testid={`insight-${forecast.metric}-limit`}>
              {chunks}
            </span>
          ),
          strong: (chunks) => <span className="font-medium tabular-nums">{chunks}</span>,
        })}
      </p>
      {forecast.insufficientHistory ? <p className="text-muted-foreground">{t("insufficient")}</p> : null}
      <ul className="space-y-1">
        {forecast.thresholds.map((t) => (
          <ThresholdLine key={t.ratio} threshold={t} />
        ))}
      </ul>
    </div>
  );
}

export function MetricCard({ metric, facts }: { metric: UsageMetric; facts: InsightFacts }) {
  const t = useTranslations("BillingInsights.metric");
  const tUsage = useTranslations("BillingUsage");
  const { num, formatDateTime } = useInsightFormat();
  const words = useChartWords(metric);
  const { kind } = USAGE_METRICS[metric];
  const label = tUsage(`metric.${metric}`);
  const trend = facts.trends.find((t) => t.metric === metric);
  const forecast = facts.forecasts.find((f) => f.metric === metric);
  const anomalies = facts.anomalies[metric] ?? [];
  const headingId = `metric-${metric}-heading`;
  return (
    <Card data-testid={`insight-metric-${metric}`}>
      <CardHeader className="pb-2 sm:pb-3">
        <CardTitle as="h3" id={headingId}>
          {label}
        </CardTitle>
        <CardDescription>{t("daily", { series: kind === "gauge" ? t("dailyPeak") : t("dailyTotal"), days: facts.daily[metric].length })}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        <UsageBarChart
          points={facts.daily[metric].map((p) => ({ start: dayStart(p.at), quantity: p.value }))}
          granularity="day"
          metricLabel={label}
          total={kind === "counter" ? facts.daily[metric].reduce((sum, p) => sum + p.value, 0) : null}
          marked={{
            starts: new Set(anomalies.map((a) => dayStart(a.at))),
            note: t("anomaly"),
            summary: (days) => (days ? t("anomalyDays", { days }) : t("noAnomalyDays")),
          }}
          compact
          words={words}
        />
        {trend ? (
          <div className="space-y-1">
            <h4 className="font-medium">{t("trend")}</h4>
            <dl className="grid gap-2 sm:grid-cols-2">
              <Change label={t("periodToDate", { measure: kind === "gauge" ? t("peak") : t("total") })} comparison={trend.periodToDate} testId={`trend-${metric}-period`} />
              <Change label={t("weekOverWeek")} comparison={trend.weekOverWeek} testId={`trend-${metric}-week`} />
            </dl>
          </div>
        ) : null}
        <div className="space-y-1">
          <h4 className="font-medium">{t("anomalies")}</h4>
          {anomalies.length === 0 ? (
            <p className="text-muted-foreground">{t("noAnomalies")}</p>
          ) : (
            <ul className="space-y-1" data-testid={`anomalies-${metric}`}>
              {anomalies.map((a) => (
                <li key={a.at.getTime()}>
                  {t(a.direction === "spike" ? "spike" : "drop", { at: formatDateTime(a.at), value: num(a.value, 2), expected: num(a.expected, 2) })}
                </li>
              ))}
            </ul>
          )}
        </div>
        {forecast ? <ForecastFigures forecast={forecast} period={facts.period} /> : <p className="text-muted-foreground">{t("noLimit")}</p>}
      </CardContent>
    </Card>
  );
}
