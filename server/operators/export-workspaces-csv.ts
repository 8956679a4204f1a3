import "server-only";
import type { WorkspaceCursor, WorkspaceListQuery } from "../../lib/operator-workspace-query";
import { csvCell } from "../audit/export-audit-csv";
import type { OperatorWorkspaceRow } from "../db/cross-tenant";
import { logger } from "../logger";
import { listWorkspaces } from "./list-workspaces";
import type { OperatorReader } from "./operator-read";

/** Rows per call: each batch is one audited call of the list function, read as the client takes the bytes. */
const BATCH_ROWS = 1_000;

const HEADER = ["id", "name", "slug", "status", "plan", "owner_email", "stripe_customer", "mrr_cents", "usage_units_30d", "over_quota", "created_at_utc", "trial_ends_at_utc", "last_active_at_utc", "deleted_at_utc"].join(",");

const iso = (d: Date | null) => (d ? d.toISOString() : "");

function csvLines(rows: OperatorWorkspaceRow[]): string {
  return rows
    .map((r) =>
      [r.id, r.name, r.slug, r.status, r.planId, r.ownerEmail, r.customerId, String(r.mrrCents), String(r.usageUnits), r.overQuota ? "yes" : "no", iso(r.createdAt), iso(r.trialEndsAt), iso(r.lastActiveAt), iso(r.deletedAt)]
        .map(csvCell)
        .join(",") + "\r\n",
    )
    .join("");
}

export type StreamWorkspacesCsvOptions = OperatorReader & { query: WorkspaceListQuery; batchRows?: number; maxRows?: number };

/**
 * The filtered, sorted workspace list as CSV, streamed batch by batch through the keyset cursor
 * (at most a batch in memory), every matching row: a cap would cut the list short without a word
 * in the file. `maxRows` is for tests. The first batch is read before this resolves, so a refusal
 * or a database failure becomes an error response, not a broken download.
 */
export async function streamWorkspacesCsv({ query, batchRows = BATCH_ROWS, maxRows = Number.POSITIVE_INFINITY, ...reader }: StreamWorkspacesCsvOptions): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let written = 0;
  let cursor: WorkspaceCursor | null = query.after;
  let done = false;
  let cancelled = false;
  const readBatch = async () => {
    const limit = Math.min(batchRows, maxRows - written);
    const page = await listWorkspaces({ ...reader, query: { ...query, after: cursor }, limit, purpose: "workspaces.export" });
    written += page.rows.length;
    cursor = page.next;
    done = !page.next || written >= maxRows;
    return page.rows;
  };
  const first = await readBatch();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${HEADER}\r\n${csvLines(first)}`));
      if (done) controller.close();
    },
    async pull(controller) {
      try {
        const rows = await readBatch();
        if (cancelled) return;
        if (rows.length) controller.enqueue(encoder.encode(csvLines(rows)));
        if (done) controller.close();
      } catch (error) {
        if (cancelled) return;
        logger.error("workspace CSV export failed part-way", { written, error });
        controller.error(error);
      }
    },
    cancel() {
      cancelled = true;
    },
  });
}
