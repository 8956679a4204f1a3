import type { Transaction } from "../db/client";
import { withTenant } from "../db/with-tenant";
import { env } from "../env";
import { AppError } from "../errors";
import { logger } from "../logger";
import { withSearchBudget, type AuditFilters } from "./audit-filters";
import { claimSearchSlot, waitForSearchSlot } from "./search-slots";
import { readAuditPage, type AuditPageRow, type AuditPosition } from "./audit-keyset";

/** Rows per query: each batch is its own short transaction, so a slow download holds no transaction open. */
const BATCH_ROWS = 1_000;
/**
 * A download whose client takes nothing more for this long is ended and its place given back: a
 * reader that stalls on purpose (or a tab left on a dead connection) would otherwise keep one of
 * the workspace's two places for as long as it keeps the connection open. Chunks are about 16 KB
 * (SLICE_CHARS) and Next asks for the next one once the last has drained to the socket, so only a
 * client slower than about 130 bytes/s is ended.
 */
const IDLE_MS = 120_000;

/** How long a later batch of a searching download waits for one of the process's search places. */
const SLOT_WAIT_MS = 60_000;

const HEADER = ["time_utc", "actor", "action", "target", "ip", "user_agent", "metadata"].join(",");

/** One CSV cell: quoted, and never starting with a formula character (CSV injection). */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * Who acted, as the page shows it: a change made through support access is "platform support",
 * never the operator's own address (the event keeps the operator's user id for the console).
 */
function actorOf(row: AuditPageRow): string | null {
  const by = row.metadata && typeof row.metadata === "object" ? (row.metadata as { by?: unknown }).by : undefined;
  return by === "platform support" ? "platform support" : row.actorEmail;
}

/** What one chunk of the download holds at most (a longer row goes whole), so the idle timer below measures bytes the client takes, not whole batches. */
const SLICE_CHARS = 16 * 1024;

/** A batch's rows as CSV lines, in chunks of whole lines of about SLICE_CHARS, after `prefix`. */
function csvSlices(rows: AuditPageRow[], encoder: TextEncoder, prefix = ""): Uint8Array[] {
  const slices: Uint8Array[] = [];
  let current = prefix;
  for (const r of rows) {
    const line = [r.createdAt.toISOString(), actorOf(r), r.action, r.target, r.ip, r.userAgent, r.metadata].map(csvCell).join(",") + "\r\n";
    if (current && current.length + line.length > SLICE_CHARS) {
      slices.push(encoder.encode(current));
      current = "";
    }
    current += line;
  }
  if (current) slices.push(encoder.encode(current));
  return slices;
}

/**
 * Downloads of one workspace's log running at once in this process. Each is cheap in memory and
 * locks, but without a cap (and with none on rows) a handful of parallel exports of a large log,
 * a text search scanning every row, could keep the database busy for minutes.
 */
const MAX_RUNNING_PER_WORKSPACE = 2;
const running = new Map<string, number>();

function claimExportSlot(tenantId: string): () => void {
  const now = running.get(tenantId) ?? 0;
  if (now >= MAX_RUNNING_PER_WORKSPACE) {
    throw new AppError("TOO_MANY_REQUESTS", `${MAX_RUNNING_PER_WORKSPACE} exports of this audit log are already downloading. Try again when one has finished.`, { retryAfterSeconds: 30 });
  }
  running.set(tenantId, now + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (running.get(tenantId) ?? 1) - 1;
    if (left > 0) running.set(tenantId, left);
    else running.delete(tenantId);
  };
}

export type StreamAuditCsvOptions = {
  tenantId: string;
  filters: AuditFilters;
  batchRows?: number;
  maxRows?: number;
  /**
   * The request's signal (Next aborts it when the client hangs up): the download's place is given
   * back then, even before the body started, when nothing would ever cancel the stream.
   */
  signal?: AbortSignal;
  /** How long the client may take nothing before the download is ended (tests); IDLE_MS otherwise. */
  idleMs?: number;
  /** Per statement of a text search's batches (tests); AUDIT_SEARCH_TIMEOUT_MS otherwise. */
  searchTimeoutMs?: number;
};

/**
 * The filtered audit log as CSV (UTC timestamps), newest first, every matching event (a cap cut
 * the oldest off without a word; `maxRows` is for tests), as a stream:
 * batches of BATCH_ROWS are read through the keyset cursor only as the client takes the bytes,
 * so at most a batch or two is ever in memory, whatever the size of the log. Events written
 * during the download are newer than its first row and are not included. The first batch is
 * read before this resolves, so a database failure still becomes an error response rather than
 * a download that breaks off.
 */
export async function streamAuditCsv({ tenantId, filters, batchRows = BATCH_ROWS, maxRows = Number.POSITIVE_INFINITY, signal, idleMs = IDLE_MS, searchTimeoutMs = env.AUDIT_SEARCH_TIMEOUT_MS }: StreamAuditCsvOptions): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let written = 0;
  let done = false;
  let cancelled = false;
  /** Aborted when the download ends, however it ends: a batch still waiting for a search place leaves the queue. */
  const ended = new AbortController();
  const readBatch = async (before?: AuditPosition) => {
    const limit = Math.min(batchRows, maxRows - written);
    const read = (tx: Transaction) => readAuditPage(tx, { tenantId, filters, limit, before });
    const rows = await (filters.q ? searchBatch(read, before === undefined) : withTenant(tenantId, read));
    written += rows.length;
    done = rows.length < limit || written >= maxRows;
    return rows;
  };
  /**
   * A text search reads each batch on the search budget and in one of the process's search places,
   * as the page does. The first batch: no place free, a 429; out of time, a 400 with its advice.
   * A later one waits its turn for a place (up to SLOT_WAIT_MS); out of time or of turns, the
   * download ends part-way.
   */
  const searchBatch = async (read: (tx: Transaction) => Promise<AuditPageRow[]>, first: boolean) => {
    const releaseSearch = first ? claimSearchSlot("export") : await waitForSearchSlot(SLOT_WAIT_MS, ended.signal);
    try {
      if (cancelled) return [];
      return await withSearchBudget(tenantId, searchTimeoutMs, read);
    } finally {
      releaseSearch();
    }
  };
  // Released when the download ends, fails or is abandoned (cancelled, or the client hung up).
  const freeSlot = claimExportSlot(tenantId);
  const abandon = () => {
    cancelled = true;
    release();
  };
  let idle: ReturnType<typeof setTimeout> | undefined;
  const release = () => {
    clearTimeout(idle);
    signal?.removeEventListener("abort", abandon);
    ended.abort();
    freeSlot();
  };
  /** (Re)starts the wait for the client to take the next chunk; past idleMs the download ends. */
  const awaitReader = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      cancelled = true;
      release();
      logger.warn("audit CSV export ended: the client took nothing for too long", { tenantId, written, idleMs });
      controller.error(new Error("The download stalled and was ended."));
    }, idleMs);
    idle.unref?.();
  };
  if (signal?.aborted) {
    release();
    throw new AppError("BAD_REQUEST", "The download was abandoned.");
  }
  signal?.addEventListener("abort", abandon, { once: true });
  let first: AuditPageRow[];
  try {
    first = await readBatch();
  } catch (error) {
    release();
    throw error;
  }
  let next = first.at(-1)?.position;
  // Chunks of the batch last read that the client has not taken yet, oldest first.
  let queue = csvSlices(first, encoder, `${HEADER}\r\n`);
  /** Hands the client the next chunk, then ends the download or waits for it to take more. */
  const send = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    const chunk = queue.shift();
    if (chunk) controller.enqueue(chunk);
    if (!queue.length && done) {
      controller.close();
      release();
    } else awaitReader(controller);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      send(controller);
    },
    // Called only when the consumer wants more (the queue holds one chunk).
    async pull(controller) {
      clearTimeout(idle);
      if (queue.length) return send(controller);
      try {
        const rows = await readBatch(next);
        // The client went away while this batch was read: nothing more to send or read.
        if (cancelled) return;
        next = rows.at(-1)?.position;
        queue = csvSlices(rows, encoder);
        send(controller);
      } catch (error) {
        release();
        if (cancelled) return;
        logger.error("audit CSV export failed part-way", { tenantId, written, error });
        controller.error(error);
      }
    },
    cancel() {
      cancelled = true;
      release();
    },
  });
}

/** The whole CSV as one string (tests). */
export async function exportAuditCsv(options: StreamAuditCsvOptions): Promise<string> {
  return new Response(await streamAuditCsv(options)).text();
}
