// The SLA, defined once (issue 14; the README's "SLA" section says the same in words). Pure
// functions over minutes, so the dashboard, the console and the CSV all compute the same report.

export const MINUTE_MS = 60_000;

/** The latency histogram's upper bounds (ms); one more bucket holds everything slower. */
export const LATENCY_BOUNDS_MS = [25, 50, 100, 250, 500, 1000, 2500, 5000] as const;

/**
 * A minute is bad for a workspace when either
 *  - the synthetic prober found a critical component of the platform down in it, or
 *  - the workspace's own requests in it had at least BAD_MINUTE_MIN_REQUESTS requests and at least
 *    BAD_MINUTE_ERROR_RATE of them answered 5xx.
 * Minutes inside an announced maintenance window, and minutes before the workspace existed or
 * after the report's end, do not count at all (they are neither good nor bad).
 */
export const BAD_MINUTE_ERROR_RATE = 0.05;
export const BAD_MINUTE_MIN_REQUESTS = 5;

/** What a plan promises and what it pays back: monthly availability under `below` earns `creditPercent` of the month's fee. */
export type SlaTerms = { target: number; credits: { below: number; creditPercent: number }[] };

export const SLA_TERMS: Record<"sla99_9" | "sla99_99", SlaTerms> = {
  sla99_9: {
    target: 99.9,
    credits: [
      { below: 99.9, creditPercent: 10 },
      { below: 99.0, creditPercent: 25 },
      { below: 95.0, creditPercent: 50 },
    ],
  },
  sla99_99: {
    target: 99.99,
    credits: [
      { below: 99.99, creditPercent: 10 },
      { below: 99.9, creditPercent: 25 },
      { below: 99.0, creditPercent: 50 },
    ],
  },
};

/** The SLA a workspace's features give it: the higher one when both are on; null without one. */
export function slaTermsFor(features: { sla99_9?: boolean; sla99_99?: boolean }): SlaTerms | null {
  if (features.sla99_99) return SLA_TERMS.sla99_99;
  if (features.sla99_9) return SLA_TERMS.sla99_9;
  return null;
}

/** One workspace's requests in one minute (all surfaces added together or one surface). */
export type RequestMinute = { minute: number; requests: number; serverErrors: number; latencyBuckets: number[] };
export type Interval = { start: number; end: number };
export type Incident = Interval & { title: string };

export type SlaReportInput = {
  /** The report's month: [start, end) in ms (UTC month boundaries, or up to now for the current month). */
  period: Interval;
  /** When the workspace was created (minutes before it do not count). */
  createdAt: number;
  requests: RequestMinute[];
  /** Minutes (their start, ms) in which the prober found a critical component down. */
  platformDownMinutes: Iterable<number>;
  maintenance: Interval[];
  incidents: Incident[];
  terms: SlaTerms | null;
  /** The month's fee in cents, for the credit in money (null: show the percentage only). */
  monthlyFeeCents: number | null;
};

export type SlaReport = {
  period: Interval;
  /** Minutes that count (the period after creation, minus maintenance). */
  eligibleMinutes: number;
  badMinutes: number;
  /** Percent, or null when no minute counts yet. */
  availability: number | null;
  requests: number;
  serverErrors: number;
  /** Percent of requests answered 5xx, or null without requests. */
  errorRate: number | null;
  /** Upper bound (ms) of the bucket holding the 95th / 99th percentile; null without requests; Infinity when slower than every bound. */
  p95Ms: number | null;
  p99Ms: number | null;
  incidents: Incident[];
  target: number | null;
  breached: boolean;
  creditPercent: number;
  creditCents: number | null;
};

const floorMinute = (ms: number) => ms - (((ms % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);

function inAny(minute: number, intervals: Interval[]): boolean {
  // A minute is inside a window when the window covers the whole minute's start.
  return intervals.some((w) => minute >= floorMinute(w.start) && minute < w.end);
}

/** The latency at the given quantile, as the upper bound of the bucket that holds it. */
export function quantileFromBuckets(buckets: number[], quantile: number): number | null {
  const total = buckets.reduce((s, n) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.ceil(quantile * total);
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i]!;
    if (seen >= rank) return i < LATENCY_BOUNDS_MS.length ? LATENCY_BOUNDS_MS[i]! : Infinity;
  }
  return Infinity;
}

/** The credit owed for a month's availability under these terms (the largest step it falls under). */
export function creditFor(availability: number | null, terms: SlaTerms | null): number {
  if (!terms || availability === null) return 0;
  return terms.credits.filter((c) => availability < c.below).reduce((max, c) => Math.max(max, c.creditPercent), 0);
}

/** Whether one workspace-minute's own requests make it bad (the rule above; surfaces added first). */
export function isErrorMinute(requests: number, serverErrors: number): boolean {
  return requests >= BAD_MINUTE_MIN_REQUESTS && serverErrors / requests >= BAD_MINUTE_ERROR_RATE;
}

export function computeSlaReport(input: SlaReportInput): SlaReport {
  const byMinute = new Map<number, RequestMinute>();
  for (const r of input.requests) {
    const m = floorMinute(r.minute);
    const seen = byMinute.get(m);
    if (seen) {
      seen.requests += r.requests;
      seen.serverErrors += r.serverErrors;
    } else byMinute.set(m, { ...r, minute: m });
  }
  const errorMinutes = [...byMinute.values()].filter((own) => isErrorMinute(own.requests, own.serverErrors)).map((own) => own.minute);
  const end = input.period.end;
  const counted = input.requests.filter((r) => r.minute >= input.period.start && r.minute < end);
  const buckets = new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0);
  for (const r of counted) r.latencyBuckets.forEach((n, i) => (buckets[i] = (buckets[i] ?? 0) + n));
  return computeSlaReportFromTotals({
    period: input.period,
    createdAt: input.createdAt,
    platformDownMinutes: input.platformDownMinutes,
    maintenance: input.maintenance,
    incidents: input.incidents,
    terms: input.terms,
    monthlyFeeCents: input.monthlyFeeCents,
    errorMinutes,
    requests: counted.reduce((s, r) => s + r.requests, 0),
    serverErrors: counted.reduce((s, r) => s + r.serverErrors, 0),
    latencyBuckets: buckets,
  });
}

/**
 * The same report from what a cross-workspace read returns instead of every minute: the minutes
 * already judged bad by the workspace's own errors (isErrorMinute, applied where the minutes are),
 * and the period's totals. computeSlaReport is this after judging the minutes itself.
 */
export type SlaTotalsInput = Omit<SlaReportInput, "requests"> & {
  /** Minutes (their start, ms) bad by the workspace's own requests. */
  errorMinutes: Iterable<number>;
  /** The period's requests, 5xx answers and latency histogram (all surfaces). */
  requests: number;
  serverErrors: number;
  latencyBuckets: number[];
};

export function computeSlaReportFromTotals(input: SlaTotalsInput): SlaReport {
  const start = Math.max(floorMinute(input.period.start), floorMinute(input.createdAt + MINUTE_MS - 1));
  const end = input.period.end;
  const down = new Set([...input.platformDownMinutes].map(floorMinute));
  const own = new Set([...input.errorMinutes].map(floorMinute));
  let eligible = 0;
  let bad = 0;
  for (let minute = start; minute + MINUTE_MS <= end; minute += MINUTE_MS) {
    if (inAny(minute, input.maintenance)) continue;
    eligible++;
    if (down.has(minute) || own.has(minute)) bad++;
  }
  const { requests, serverErrors } = input;
  // Rounded down to 4 decimals: a report never shows 100 % for a month with a bad minute.
  const availability = eligible === 0 ? null : Math.floor(((eligible - bad) / eligible) * 1_000_000) / 10_000;
  const creditPercent = creditFor(availability, input.terms);
  return {
    period: input.period,
    eligibleMinutes: eligible,
    badMinutes: bad,
    availability,
    requests,
    serverErrors,
    errorRate: requests === 0 ? null : (serverErrors / requests) * 100,
    p95Ms: quantileFromBuckets(input.latencyBuckets, 0.95),
    p99Ms: quantileFromBuckets(input.latencyBuckets, 0.99),
    incidents: input.incidents.filter((i) => i.start < end && i.end > input.period.start),
    target: input.terms?.target ?? null,
    breached: input.terms !== null && availability !== null && availability < input.terms.target,
    creditPercent,
    creditCents: input.monthlyFeeCents === null ? null : Math.round((input.monthlyFeeCents * creditPercent) / 100),
  };
}

/** The UTC calendar month holding `at`, as [start, end). */
export function monthOf(at: number): Interval {
  const d = new Date(at);
  return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
}
