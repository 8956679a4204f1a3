import { SLA_CSV_HEADER, slaCsvRow } from "./sla-csv";
import type { SlaBreachList } from "./list-sla-breaches";

export const SLA_BREACHES_CSV_HEADER = ["workspace_id", "workspace_slug", "workspace_name", ...SLA_CSV_HEADER];

/** The console's breach list as CSV: the same rows as the page, one per workspace below its target. */
export function slaBreachesCsv(list: SlaBreachList): string {
  const lines = [SLA_BREACHES_CSV_HEADER.join(","), ...list.breached.map((row) => slaCsvRow(row, [row.workspace.id, row.workspace.slug, row.workspace.name]))];
  return lines.join("\r\n") + "\r\n";
}
