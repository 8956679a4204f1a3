import { cn } from "@/components/ui/cn";
import { quotaLevel, WARNING_RATIO, type QuotaLevel } from "@/lib/quota-level";

const FILL: Record<QuotaLevel, string> = { ok: "bg-primary", warning: "bg-warning", exceeded: "bg-destructive" };

/**
 * Horizontal usage bar with visible 80% and 100% marks. The scale leaves 25% headroom past the
 * limit (or grows to fit the usage) so overage stays visible. Server-safe: no hooks.
 */
export function QuotaBar({ used, limit, label, className }: { used: number; limit: number; label: string; className?: string }) {
  const scale = Math.max(limit * 1.25, used, 1);
  const at = (value: number) => `${Math.min(100, (value / scale) * 100)}%`;
  const level = quotaLevel(used, limit);
  const percent = limit > 0 ? Math.round((used / limit) * 100) : used > 0 ? 100 : 0;
  const marks = [
    { value: limit * WARNING_RATIO, text: "80%" },
    { value: limit, text: "100%" },
  ];
  return (
    <div className={cn("w-full", className)}>
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={scale}
        aria-valuenow={Math.min(used, scale)}
        aria-valuetext={`${used.toLocaleString("en-US")} of ${limit.toLocaleString("en-US")} (${percent}%)`}
        className="relative h-3 w-full overflow-hidden rounded-full bg-muted"
      >
        <div className={cn("h-full rounded-full transition-[width]", FILL[level])} style={{ width: at(used) }} />
        {marks.map((m) => (
          <span
            key={m.text}
            aria-hidden="true"
            className={cn("absolute inset-y-0 w-0.5 -translate-x-1/2", m.text === "100%" ? "bg-destructive/70" : "bg-warning/70")}
            style={{ left: at(m.value) }}
          />
        ))}
      </div>
      <div aria-hidden="true" className="relative mt-1 h-4 text-[11px] text-muted-foreground">
        {marks.map((m) => (
          <span key={m.text} className="absolute -translate-x-1/2 tabular-nums" style={{ left: at(m.value) }}>
            {m.text}
          </span>
        ))}
      </div>
    </div>
  );
}
