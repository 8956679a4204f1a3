import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { USAGE_METRICS, type UsageMetric } from "@/lib/plans";
import type { InsightFacts } from "./types";
import { UsageBarChart } from "@/components/usage/usage-bar-chart";
import { formatDate, formatDateTime, formatPercentChange, num, utcDay } from "./format";

/** The day (UTC) a point or an anomaly falls on, as the chart keys its bars. */
const dayStart = (at: Date) => new Date(utcDay(at)).toISOString();

type Trend = InsightFacts["trends"][number];
type Forecast = InsightFacts["forecasts"][number];
type Comparison = Trend["periodToDate"];

function Change({ label, comparison, testId }: { label: string; comparison: Comparison; testId: string }) {
  const { current, previous, percent, fromZero } = comparison;
  return (
    <div data-testid={testId}>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="tabular-nums">
        <span className="font-medium">{num(current, 2)}</span> vs {num(previous, 2)}{" "}
        <span className={percent > 0 ? "text-foreground" : "text-muted-foreground"}>({formatPercentChange(percent, fromZero)})</span>
      </dd>
    </div>
  );
}

function ThresholdLine({ threshold }: { threshold: Forecast["thresholds"][number] }) {
  const label = `${Math.round(threshold.ratio * 100)} % (${num(threshold.units)})`;
  let text: string;
  if (threshold.reached && threshold.at) text = `reached on ${formatDate(threshold.at)}`;
  else if (!threshold.at) text = "not within this period";
  else {
    const band = threshold.low || threshold.high ? ` (between ${threshold.low ? formatDate(threshold.low) : "now"} and ${threshold.high ? formatDate(threshold.high) : "after the period ends"})` : "";
    text = `around ${formatDate(threshold.at)}${band}`;
  }
  return (
    <li>
      <span className="text-muted-foreground">{label}:</span> {text}
    </li>
  );
}

function ForecastFigures({ forecast, period }: { forecast: Forecast; period: InsightFacts["period"] }) {
  const counter = forecast.kind === "counter";
  if (forecast.unused) {
    return (
      <div className="space-y-2" data-testid={`forecast-${forecast.metric}`}>
        <h4 className="font-medium">Quota forecast</h4>
        <p className="text-muted-foreground">
          Not used in the last ten weeks (limit <span className="tabular-nums">{num(forecast.limit)}</span>): nothing to forecast.
        </p>
      </div>
    );
  }
  return (
    <div className="space-y-2" data-testid={`forecast-${forecast.metric}`}>
      <h4 className="font-medium">Quota forecast</h4>
      <p>
        <span className="tabular-nums" data-testid={`insight-${forecast.metric}-used`}>
          {num(forecast.used, 2)}
        </span>{" "}
        of <span className="tabular-nums" data-testid={`insight-${forecast.metric}-limit`}>{num(forecast.limit)}</span> {counter ? "used this period" : "at the period's peak"}; expected{" "}
        <span className="font-medium tabular-nums">{num(Math.round(forecast.projected.expected))}</span> by {formatDate(period.end)} (90 % band{" "}
        {num(Math.round(forecast.projected.low))}–{num(Math.round(forecast.projected.high))}).
      </p>
      {forecast.insufficientHistory ? <p className="text-muted-foreground">Fewer than three complete days of use: only limits already reached are shown.</p> : null}
      <ul className="space-y-1">
        {forecast.thresholds.map((t) => (
          <ThresholdLine key={t.ratio} threshold={t} />
        ))}
      </ul>
    </div>
  );
}

export function MetricCard({ metric, facts }: { metric: UsageMetric; facts: InsightFacts }) {
  const { label, kind } = USAGE_METRICS[metric];
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
        <CardDescription>{kind === "gauge" ? "Daily peak" : "Daily total"}, last {facts.daily[metric].length} days (UTC). Days with an anomaly are marked ▼.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        <UsageBarChart
          points={facts.daily[metric].map((p) => ({ start: dayStart(p.at), quantity: p.value }))}
          granularity="day"
          metricLabel={label}
          total={kind === "counter" ? facts.daily[metric].reduce((sum, p) => sum + p.value, 0) : null}
          marked={{
            starts: new Set(anomalies.map((a) => dayStart(a.at))),
            note: "anomaly",
            summary: (days) => (days ? `, ${days} day${days === 1 ? "" : "s"} with an anomaly` : ", no anomalies"),
          }}
          compact
        />
        {trend ? (
          <div className="space-y-1">
            <h4 className="font-medium">Trend</h4>
            <dl className="grid gap-2 sm:grid-cols-2">
              <Change label={`This period to date vs last period (${kind === "gauge" ? "peak" : "total"})`} comparison={trend.periodToDate} testId={`trend-${metric}-period`} />
              <Change label="Last 7 days vs the 7 before" comparison={trend.weekOverWeek} testId={`trend-${metric}-week`} />
            </dl>
          </div>
        ) : null}
        <div className="space-y-1">
          <h4 className="font-medium">Anomalies (last 7 days)</h4>
          {anomalies.length === 0 ? (
            <p className="text-muted-foreground">None: every hour was within the usual range for its hour of the week.</p>
          ) : (
            <ul className="space-y-1" data-testid={`anomalies-${metric}`}>
              {anomalies.map((a) => (
                <li key={a.at.getTime()}>
                  {a.direction === "spike" ? "Spike" : "Drop"} at {formatDateTime(a.at)}: {num(a.value, 2)} against a usual {num(a.expected, 2)}
                </li>
              ))}
            </ul>
          )}
        </div>
        {forecast ? <ForecastFigures forecast={forecast} period={facts.period} /> : <p className="text-muted-foreground">No limit on your plan: nothing to forecast.</p>}
      </CardContent>
    </Card>
  );
}
