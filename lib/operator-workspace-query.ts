import { z } from "zod";
import { PLAN_IDS } from "./plans";
import { unstorableTextProblem } from "./text";
import { WORKSPACE_STATUSES } from "./workspace-policy";

// The operator console's workspace list: what its address (query string) may say. Isomorphic:
// the page builds its links with it and the server parses requests with it. Anything else in
// the address is a 400 with a message, never a 500.

export const WORKSPACE_SORTS = ["created", "mrr", "usage", "last_active"] as const;
export type WorkspaceSort = (typeof WORKSPACE_SORTS)[number];
export const SORT_LABELS: Record<WorkspaceSort, string> = { created: "Created", mrr: "MRR", usage: "Usage (30 days)", last_active: "Last active" };

export const SEARCH_MAX = 200;
export const WORKSPACE_PAGE_SIZE = 50;

export type WorkspaceCursor = { sort: WorkspaceSort; key: string; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INT64_MAX = 9223372036854775807n;

/** `sort.key.id`: the sort it belongs to, the row's sort key (a bigint) and its id. */
export function encodeCursor(cursor: WorkspaceCursor): string {
  return `${cursor.sort}.${cursor.key}.${cursor.id}`;
}

export function decodeCursor(value: string): WorkspaceCursor | null {
  const match = /^(created|mrr|usage|last_active)\.(-?\d{1,19})\.([0-9a-f-]{36})$/.exec(value);
  if (!match || !UUID.test(match[3]!)) return null;
  const key = BigInt(match[2]!);
  if (key > INT64_MAX || key < -INT64_MAX) return null;
  return { sort: match[1] as WorkspaceSort, key: key.toString(), id: match[3]! };
}

const date = (label: string) =>
  z
    .string()
    .regex(/^(?!0000)\d{4}-\d{2}-\d{2}$/, `${label}: use a date like 2026-01-31.`)
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), `${label}: that date does not exist.`);

const flag = z.enum(["1", "true", "on"], { error: "Use 1 to switch a filter on." });

export const ZWorkspaceListQuery = z
  .object({
    q: z
      .string()
      .max(SEARCH_MAX, `Search for at most ${SEARCH_MAX} characters.`)
      .superRefine((v, ctx) => {
        const problem = unstorableTextProblem(v);
        if (problem) ctx.addIssue({ code: "custom", message: `Search: ${problem}` });
      })
      .transform((v) => v.trim())
      .optional(),
    status: z.array(z.enum(WORKSPACE_STATUSES, { error: `Status is one of ${WORKSPACE_STATUSES.join(", ")}.` })).optional(),
    plan: z.array(z.enum(PLAN_IDS, { error: `Plan is one of ${PLAN_IDS.join(", ")}.` })).optional(),
    trial: z.coerce.number({ error: "Trial ending within: a number of days." }).int("Trial ending within: whole days.").min(0, "Trial ending within: 0 to 365 days.").max(365, "Trial ending within: 0 to 365 days.").optional(),
    pastDue: flag.optional(),
    overQuota: flag.optional(),
    from: date("Created from").optional(),
    to: date("Created until").optional(),
    sort: z.enum(WORKSPACE_SORTS, { error: `Sort by one of ${WORKSPACE_SORTS.join(", ")}.` }).default("created"),
    dir: z.enum(["asc", "desc"], { error: "Direction is asc or desc." }).default("desc"),
    after: z.string().max(100, "This page link is broken: start from the first page.").optional(),
  })
  .transform((v, ctx) => {
    let after: WorkspaceCursor | null = null;
    if (v.after) {
      after = decodeCursor(v.after);
      if (!after || after.sort !== v.sort) {
        ctx.addIssue({ code: "custom", message: "This page link is broken or out of date: start from the first page." });
        return z.NEVER;
      }
    }
    if (v.from && v.to && v.from > v.to) {
      ctx.addIssue({ code: "custom", message: "Created from must be on or before created until." });
      return z.NEVER;
    }
    return {
      q: v.q || null,
      statuses: v.status?.length ? [...new Set(v.status)] : null,
      plans: v.plan?.length ? [...new Set(v.plan)] : null,
      trialEndingDays: v.trial ?? null,
      pastDue: Boolean(v.pastDue),
      overQuota: Boolean(v.overQuota),
      createdFrom: v.from ?? null,
      createdTo: v.to ?? null,
      sort: v.sort,
      dir: v.dir,
      after,
    };
  });

export type WorkspaceListQuery = z.output<typeof ZWorkspaceListQuery>;

const MULTI = new Set(["status", "plan"]);
const KNOWN = new Set(["q", "status", "plan", "trial", "pastDue", "overQuota", "from", "to", "sort", "dir", "after"]);

/**
 * A query string (or Next's searchParams) as the schema's input: repeated keys for the
 * multi-valued filters, the first value for the others, empty values dropped, unknown keys ignored.
 */
export function workspaceQueryInput(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const entries: [string, string][] =
    params instanceof URLSearchParams
      ? [...params.entries()]
      : Object.entries(params).flatMap(([k, v]) => (v === undefined ? [] : Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v] as [string, string]]));
  const input: Record<string, string | string[]> = {};
  for (const [key, value] of entries) {
    if (!KNOWN.has(key) || value === "") continue;
    if (MULTI.has(key)) input[key] = [...((input[key] as string[] | undefined) ?? []), value];
    else if (!(key in input)) input[key] = value;
  }
  return input;
}

/** The query string for a list (for links: sorting, next page, export). */
export function workspaceQueryString(query: WorkspaceListQuery, changes: { sort?: WorkspaceSort; dir?: "asc" | "desc"; after?: WorkspaceCursor | null } = {}): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  for (const s of query.statuses ?? []) params.append("status", s);
  for (const p of query.plans ?? []) params.append("plan", p);
  if (query.trialEndingDays !== null) params.set("trial", String(query.trialEndingDays));
  if (query.pastDue) params.set("pastDue", "1");
  if (query.overQuota) params.set("overQuota", "1");
  if (query.createdFrom) params.set("from", query.createdFrom);
  if (query.createdTo) params.set("to", query.createdTo);
  const sort = changes.sort ?? query.sort;
  const dir = changes.dir ?? query.dir;
  if (sort !== "created") params.set("sort", sort);
  if (dir !== "desc") params.set("dir", dir);
  const after = changes.after === undefined ? null : changes.after;
  if (after) params.set("after", encodeCursor(after));
  const s = params.toString();
  return s ? `?${s}` : "";
}
