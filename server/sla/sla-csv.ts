import type { WorkspaceSlaReport } from "./workspace-sla";

const pct = (n: number | null, digits = 4) => (n === null ? "" : n.toFixed(digits));
const ms = (n: number | null) => (n === null ? "" : Number.isFinite(n) ? String(n) : "over 5000");

/** A CSV field: quoted when it holds a comma, quote or line break; a leading formula character is defused. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const SLA_CSV_HEADER = ["month", "plan", "target_percent", "availability_percent", "bad_minutes", "counted_minutes", "requests", "server_errors", "error_rate_percent", "p95_ms", "p99_ms", "incidents", "breached", "credit_percent", "credit_cents"];

export function slaCsvRow(report: WorkspaceSlaReport, leading: string[] = []): string {
  return [
    ...leading,
    report.month,
    report.planName,
    report.target === null ? "" : String(report.target),
    pct(report.availability),
    String(report.badMinutes),
    String(report.eligibleMinutes),
    String(report.requests),
    String(report.serverErrors),
    pct(report.errorRate, 3),
    ms(report.p95Ms),
    ms(report.p99Ms),
    report.incidents.map((i) => i.title).join("; "),
    report.breached ? "yes" : "no",
    String(report.creditPercent),
    report.creditCents === null ? "" : String(report.creditCents),
  ]
    .map(csvField)
    .join(",");
}
