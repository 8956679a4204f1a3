import { barLevel, formatPercent, type UptimeBar } from "@/lib/status-page/uptime";
import { cn } from "@/components/ui/cn";

// 90 daily bars. Colour is never the only signal: each level also has its own height (a full
// bar is a fully available day), every bar carries its text (for screen readers, and as a
// tooltip), and the legend names the levels.

const LEVEL_CLASS = {
  good: "h-full bg-success",
  degraded: "h-3/4 bg-warning",
  bad: "h-1/2 bg-destructive",
  none: "h-1/5 bg-muted-foreground/30",
} as const;

export function UptimeBars({ label, bars }: { label: string; bars: UptimeBar[] }) {
  return (
    <ol aria-label={`${label}: availability per day, last ${bars.length} days`} className="flex h-8 items-end gap-px" data-testid="uptime-bars">
      {bars.map((bar) => (
        <li key={bar.day} title={bar.text} className="flex h-full min-w-0 flex-1 items-end" data-level={barLevel(bar.percent)}>
          <span aria-hidden="true" className={cn("block w-full rounded-[1px]", LEVEL_CLASS[barLevel(bar.percent)])} />
          <span className="sr-only">{bar.text}</span>
        </li>
      ))}
    </ol>
  );
}

export function UptimeLegend() {
  const items = [
    ["good", "99.9 % or more"],
    ["degraded", "95 – 99.9 %"],
    ["bad", "under 95 %"],
    ["none", "no data"],
  ] as const;
  return (
    <ul aria-label="Legend" className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground">
      {items.map(([level, text]) => (
        <li key={level} className="flex items-center gap-1.5">
          <span aria-hidden="true" className="flex h-3 w-2 items-end">
            <span className={cn("block w-full", LEVEL_CLASS[level])} />
          </span>
          {text}
        </li>
      ))}
    </ul>
  );
}

export { formatPercent };
