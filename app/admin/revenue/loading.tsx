import { Spinner } from "@/components/ui/spinner";

/** Shown while the revenue figures are summed across workspaces. */
export default function RevenueLoading() {
  return (
    <main className="mx-auto max-w-6xl space-y-6 px-4 py-8 sm:py-10" aria-busy="true">
      <div>
        <div className="h-4 w-32 rounded bg-muted" />
        <h1 className="mt-2 text-3xl font-bold tracking-tight">Revenue</h1>
        <p className="mt-2 flex items-center gap-2 text-muted-foreground" role="status">
          <Spinner className="size-4" aria-hidden="true" />
          Adding up revenue across all workspaces…
        </p>
      </div>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" aria-hidden="true">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="h-24 animate-pulse rounded-md border border-border bg-muted/60" />
        ))}
      </div>
      <div className="h-72 animate-pulse rounded-md border border-border bg-muted/60" aria-hidden="true" />
    </main>
  );
}
