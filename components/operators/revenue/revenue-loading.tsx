import { Spinner } from "@/components/ui/spinner";

/** Shown under the revenue page's header while the figures are summed across workspaces. */
export function RevenueLoading() {
  return (
    <div className="space-y-6" aria-busy="true">
      <p className="flex items-center gap-2 text-muted-foreground" role="status">
        <Spinner className="size-4" />
        Adding up revenue across all workspaces…
      </p>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" aria-hidden="true">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="h-24 animate-pulse rounded-md border border-border bg-muted/60" />
        ))}
      </div>
      <div className="h-72 animate-pulse rounded-md border border-border bg-muted/60" aria-hidden="true" />
    </div>
  );
}
