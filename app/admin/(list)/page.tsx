import type { Metadata } from "next";
import Link from "next/link";
import { WorkspaceFilters } from "@/components/operators/workspace-filters";
import { WorkspaceTable, type SortLink } from "@/components/operators/workspace-table";
import { Alert } from "@/components/ui/alert";
import { buttonClassName } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { SORT_LABELS, WORKSPACE_SORTS, workspaceQueryString, type WorkspaceListQuery, type WorkspaceSort } from "@/lib/operator-workspace-query";
import { isAppError } from "@/server/errors";
import { consoleOperator } from "../console-operator";
import { listWorkspaces, parseWorkspaceListQuery, type WorkspacePage } from "@/server/operators/list-workspaces";

// A generic title: the page must not reveal itself to non-operators (they get not-found).
export const metadata: Metadata = { title: "Atrium" };

function sortLinks(query: WorkspaceListQuery): Record<WorkspaceSort, SortLink> {
  return Object.fromEntries(
    WORKSPACE_SORTS.map((sort) => {
      const active = query.sort === sort ? (query.dir === "asc" ? "ascending" : "descending") : null;
      // The active column flips its order; another starts highest / newest first.
      const dir = query.sort === sort && query.dir === "desc" ? "asc" : "desc";
      return [sort, { sort, label: SORT_LABELS[sort], active, numeric: true, href: `/${workspaceQueryString(query, { sort, dir })}` }];
    }),
  ) as Record<WorkspaceSort, SortLink>;
}

/** Operators: every workspace, searchable, filterable, sortable, a page at a time. */
export default async function OperatorConsolePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const reader = await consoleOperator();
  if (!reader) return null;
  const params = await searchParams;
  let query: WorkspaceListQuery | null = null;
  let page: WorkspacePage | null = null;
  let problem: string | null = null;
  try {
    query = parseWorkspaceListQuery(params);
    page = await listWorkspaces({ ...reader.reader, query });
  } catch (error) {
    if (!isAppError(error) || error.code !== "BAD_REQUEST") throw error;
    problem = error.message;
  }
  const filtered = Boolean(query && (query.q || query.statuses || query.plans || query.trialEndingDays !== null || query.pastDue || query.overQuota || query.createdFrom || query.createdTo));
  return (
    <main id="main" className="mx-auto max-w-7xl space-y-6 px-4 py-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm font-semibold text-muted-foreground">Operator console · {reader.role === "admin" ? "admin" : "support (read-only)"}</p>
          <h1 className="mt-1 text-3xl font-bold tracking-tight">Workspaces</h1>
        </div>
        <nav aria-label="Console" className="flex flex-wrap gap-2">
          <Link href="/revenue" className={buttonClassName({ variant: "outline", size: "sm" })}>
            Revenue
          </Link>
          <Link href="/sla" className={buttonClassName({ variant: "outline", size: "sm" })}>
            SLA breaches
          </Link>
          <Link href="/insights" className={buttonClassName({ variant: "outline", size: "sm" })}>
            Churn and expansion
          </Link>
          <Link href="/jobs" className={buttonClassName({ variant: "outline", size: "sm" })}>
            Background jobs
          </Link>
          <Link href="/incidents" className={buttonClassName({ variant: "outline", size: "sm" })}>
            Incidents
          </Link>
          {query && !problem ? (
            <a href={`/workspaces/export${workspaceQueryString({ ...query, after: null })}`} className={buttonClassName({ variant: "outline", size: "sm" })} download>
              Export CSV
            </a>
          ) : null}
        </nav>
      </div>

      <WorkspaceFilters query={query} />

      {problem ? (
        <Alert variant="error" title="These filters cannot be used" role="alert">
          <p>{problem}</p>
          <p className="mt-2">
            <Link href="/" className="font-medium underline underline-offset-4">
              Start over with every workspace
            </Link>
          </p>
        </Alert>
      ) : page && query ? (
        page.rows.length === 0 ? (
          <EmptyState
            headingLevel={2}
            title={query.after ? "No more workspaces" : filtered ? "No workspace matches" : "No workspaces yet"}
            description={
              query.after ? "This was the last page." : filtered ? "Nothing matches this search and these filters. Loosen a filter or search for part of a name, slug, email or domain." : "Workspaces appear here as people sign up."
            }
            action={
              filtered || query.after ? (
                <Link href="/" className={buttonClassName({ variant: "secondary", size: "sm" })}>
                  Show every workspace
                </Link>
              ) : undefined
            }
          />
        ) : (
          <section aria-label="Results" className="space-y-3">
            <p className="text-sm text-muted-foreground" aria-live="polite">
              {page.rows.length} workspace{page.rows.length === 1 ? "" : "s"} on this page{query.after ? " (not the first)" : ""}. Usage is usage units over the last 30 days, refreshed every few minutes.
            </p>
            <WorkspaceTable rows={page.rows} sortLinks={sortLinks(query)} />
            <nav aria-label="Pages" className="flex flex-wrap justify-between gap-2">
              {query.after ? (
                <Link href={`/${workspaceQueryString(query)}`} className={buttonClassName({ variant: "ghost", size: "sm" })}>
                  ← First page
                </Link>
              ) : (
                <span />
              )}
              {page.next ? (
                <Link href={`/${workspaceQueryString(query, { after: page.next })}`} className={buttonClassName({ variant: "secondary", size: "sm" })} rel="next">
                  Next page →
                </Link>
              ) : null}
            </nav>
          </section>
        )
      ) : null}
    </main>
  );
}
