import { useLocale, useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { INTL_LOCALE } from "@/lib/i18n/locales";
import { quotaLevel, WARNING_RATIO, type QuotaLevel } from "@/lib/quota-level";

const FILL: Record<QuotaLevel, string> = { ok: "bg-primary", warning: "bg-warning", exceeded: "bg-destructive" };

/**
 * Horizontal usage bar with visible 80% and 100% marks. A hard limit ends the bar at 100% (the
 * bar is full and red when it is reached); a limit billed as overage leaves a marked overage zone
 * past 100% (a quarter more, or up to the usage). Server-safe: no client hooks (next-intl reads the request there).
 */
export function QuotaBar({ used, limit, label, overage = false, className }: { used: number; limit: number; label: string; overage?: boolean; className?: string }) {
  const t = useTranslations("BillingUsage");
  const tag = INTL_LOCALE[useLocale()];
  const num = (n: number) => n.toLocaleString(tag);
  const scale = overage ? Math.max(limit * 1.25, used, 1) : Math.max(limit, 1);
  const at = (value: number) => `${Math.min(100, (value / scale) * 100)}%`;
  const level = quotaLevel(used, limit);
  const percent = limit > 0 ? Math.round((used / limit) * 100) : used > 0 ? 100 : 0;
  const marks = [
    { value: limit * WARNING_RATIO, text: "80%" },
    { value: limit, text: "100%" },
  ];
  const atEnd = (value: number) => value / scale >= 0.97;
  return (
    <div className={cn("w-full", className)}>
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={scale}
        aria-valuenow={Math.min(used, scale)}
        aria-valuetext={
          overage && used > limit
            ? t("meterOverage", { used: num(used), limit: num(limit), percent, over: num(used - limit) })
            : t("meter", { used: num(used), limit: num(limit), percent })
        }
        className="relative h-3 w-full overflow-hidden rounded-full bg-muted"
      >
        {overage ? (
          <span
            aria-hidden="true"
            data-testid="overage-zone"
            className="absolute inset-y-0 right-0 bg-[repeating-linear-gradient(135deg,transparent_0_4px,var(--color-warning)_4px_6px)] opacity-30"
            style={{ left: at(limit) }}
          />
        ) : null}
        <div className={cn("relative h-full rounded-full transition-[width]", FILL[level])} style={{ width: at(used) }} />
        {marks.map((m) =>
          atEnd(m.value) ? null : (
            <span
              key={m.text}
              aria-hidden="true"
              className={cn("absolute inset-y-0 w-0.5 -translate-x-1/2", m.text === "100%" ? "bg-destructive/70" : "bg-warning/70")}
              style={{ left: at(m.value) }}
            />
          ),
        )}
      </div>
      <div aria-hidden="true" className="relative mt-1 h-4 text-[11px] text-muted-foreground">
        {/* With an overage zone, the labels end at their marks and the zone's name starts at 100%, so
            none run together on a narrow screen. */}
        {marks.map((m) => {
          // With an overage zone the marks sit closer (a 1.25× scale): both labels end at their mark.
          const place = atEnd(m.value) ? "right-0" : overage ? "-translate-x-full pr-1" : "-translate-x-1/2";
          return (
            <span key={m.text} className={cn("absolute tabular-nums", place)} style={atEnd(m.value) ? undefined : { left: at(m.value) }}>
              {m.text}
            </span>
          );
        })}
        {overage ? (
          <span className="absolute pl-1 whitespace-nowrap" style={{ left: at(limit) }}>
            {t("overage")}
          </span>
        ) : null}
      </div>
    </div>
  );
}
