import { isPlanId, PLANS, USAGE_METRICS, type UsageMetric } from "../../lib/plans";
import { WINDOW_DAYS } from "./analysis/churn-risk";

// The console's churn and expansion reasons (churn-risk.ts's ChurnReason / ExpansionReason, as the
// stored facts hold them) as sentences with their figures. Pure, so the wording is tested alone.

export type ReasonSentence = { code: string; points: number; text: string };

const num = (n: number) => Math.round(n).toLocaleString("en-US");
const pct = (n: number) => `${n.toLocaleString("en-US", { maximumFractionDigits: 1 })} %`;
const plural = (n: number, one: string, many: string) => `${num(n)} ${n === 1 ? one : many}`;
/** "Usage units" → "usage units" inside a sentence; "API calls" and "Storage (GB)" keep their capitals. */
const lowerFirst = (label: string) => (/^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label);
/** Usage totals are over WINDOW_DAYS; the sentence gives them a day. */
const perDay = (total: number) => num(total / WINDOW_DAYS);

function numberOf(value: Record<string, unknown>, key: string): number | null {
  const v = value[key];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** One stored reason as a sentence; null for a reason this version does not know (or a malformed one). */
export function reasonSentence(reason: unknown): ReasonSentence | null {
  if (!reason || typeof reason !== "object") return null;
  const r = reason as Record<string, unknown>;
  const code = typeof r.code === "string" ? r.code : null;
  const points = numberOf(r, "points");
  if (!code || points === null) return null;
  const n = (key: string) => numberOf(r, key);
  const text = (() => {
    switch (code) {
      case "usageDecline": {
        const [percent, recent, prior] = [n("percent"), n("recent"), n("prior")];
        return percent === null || recent === null || prior === null ? null : `usage fell ${pct(percent)} (${perDay(prior)} → ${perDay(recent)} a day)`;
      }
      case "noSignIns": {
        const days = n("days");
        return days === null ? null : `no sign-in for ${plural(days, "day", "days")}`;
      }
      case "paymentFailures": {
        const count = n("count");
        return count === null ? null : plural(count, "failed payment", "failed payments");
      }
      case "seatsRemoved":
      case "seatsAdded": {
        const [before, now] = [n("before"), n("now")];
        if (before === null || now === null) return null;
        return code === "seatsRemoved" ? `seats ${num(before)} → ${num(now)}` : `seats +${num(now - before)} (${num(before)} → ${num(now)})`;
      }
      case "downgrades": {
        const count = n("count");
        const to = isPlanId(r.lastToPlanId) ? PLANS[r.lastToPlanId].name : null;
        if (count === null || !to) return null;
        return count > 1 ? `downgraded ${num(count)} times, last to ${to}` : `downgraded to ${to}`;
      }
      case "nearLimits": {
        const percent = n("percent");
        if (percent === null) return null;
        const metric = typeof r.metric === "string" && Object.hasOwn(USAGE_METRICS, r.metric) ? lowerFirst(USAGE_METRICS[r.metric as UsageMetric].label) : null;
        return metric ? `near limits: ${metric} heading for ${pct(percent)} of the limit` : `near limits: ${pct(percent)} of a limit`;
      }
      case "growth": {
        const [percent, recent, prior] = [n("percent"), n("recent"), n("prior")];
        if (percent === null || recent === null || prior === null) return null;
        return prior === 0 ? `usage started (${perDay(recent)} a day)` : `growing ${pct(percent)} (${perDay(prior)} → ${perDay(recent)} a day)`;
      }
      default:
        return null;
    }
  })();
  return text ? { code, points, text } : null;
}

/** A report's reasons as sentences, the heaviest first (as stored), unknown ones left out. */
export function reasonSentences(reasons: readonly unknown[]): ReasonSentence[] {
  return reasons.map(reasonSentence).filter((s): s is ReasonSentence => s !== null);
}
