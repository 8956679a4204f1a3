/** One status change, as server/operators/get-workspace-timeline.ts returns it. */
export type LifecycleTimelineEntry = {
  at: Date;
  from: string | null;
  to: string;
  source: keyof typeof SOURCE_LABELS;
  reason: string;
  actor: { email: string } | null;
};

const SOURCE_LABELS = { webhook: "Billing webhook", sweep: "Lifecycle sweep", operator: "Operator", owner: "Owner", system: "Platform" } as const;

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const status = (s: string) => s.replace("_", " ");

/** A workspace's lifecycle, oldest first: each status change with its cause, reason and actor (console detail and actions pages). */
export function LifecycleTimeline({ entries }: { entries: LifecycleTimelineEntry[] }) {
  if (entries.length === 0) {
    return <p className="rounded-md border border-dashed border-border px-3 py-4 text-center text-sm text-muted-foreground">No status changes recorded.</p>;
  }
  return (
    <ol className="space-y-3" aria-label="Lifecycle timeline">
      {entries.map((entry, index) => (
        <li key={index} className="border-l-2 border-border pl-3">
          <p className="text-sm font-medium">
            {entry.from ? `${status(entry.from)} → ` : ""}
            {status(entry.to)} <span className="font-normal text-muted-foreground">· {SOURCE_LABELS[entry.source]}</span>
          </p>
          <p className="break-words text-sm text-muted-foreground">{entry.reason}</p>
          <p className="break-all text-xs text-muted-foreground">
            {dateFormat.format(entry.at)} UTC{entry.actor ? ` · ${entry.actor.email}` : ""}
          </p>
        </li>
      ))}
    </ol>
  );
}
