import "server-only";
import { ZWorkspaceListQuery, workspaceQueryInput, WORKSPACE_PAGE_SIZE, type WorkspaceCursor, type WorkspaceListQuery } from "../../lib/operator-workspace-query";
import { operatorListWorkspaces, type OperatorWorkspaceRow } from "../db/cross-tenant";
import { AppError } from "../errors";
import { asOperator, planCatalogForSql, type OperatorReader } from "./operator-read";

export type ListWorkspacesOptions = OperatorReader & {
  query: WorkspaceListQuery;
  limit?: number;
  purpose?: "workspaces.list" | "workspaces.export";
};

export type WorkspacePage = { rows: (OperatorWorkspaceRow & { sortKey: string })[]; next: WorkspaceCursor | null };

/** Parses the list's address (query string or searchParams); a bad one is a 400 with the first problem. */
export function parseWorkspaceListQuery(params: URLSearchParams | Record<string, string | string[] | undefined>): WorkspaceListQuery {
  const parsed = ZWorkspaceListQuery.safeParse(workspaceQueryInput(params));
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "Check the search and filters.");
  return parsed.data;
}

// "Created until" includes that day: the database compares with the start of the next one.
const dayAfter = (day: string | null) => (day && day < "9999-12-31" ? new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : null);

const withoutNulls = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== false));

/** One page of the operator console's workspace list (audited in the database, per call). */
export async function listWorkspaces({ query, limit = WORKSPACE_PAGE_SIZE, purpose = "workspaces.list", ...reader }: ListWorkspacesOptions): Promise<WorkspacePage> {
  const size = Math.min(Math.max(Math.trunc(limit), 1), 999);
  const { after, ...filters } = query;
  const rows = await asOperator(reader, { action: purpose, target: "workspaces" }, (sessionId) =>
    operatorListWorkspaces({
      sessionId,
      plans: planCatalogForSql(),
      meta: reader.meta,
      purpose,
      // One more than a page: whether there is a next one.
      query: { ...withoutNulls({ ...filters, createdTo: dayAfter(filters.createdTo) }), limit: size + 1, ...(after ? { after: { k: after.key, id: after.id } } : {}) },
    }),
  );
  const page = rows.slice(0, size);
  const last = page.at(-1);
  const next = rows.length > size && last ? { sort: query.sort, key: last.sortKey, id: last.id } : null;
  return { rows: page, next };
}
