import type { ComponentProps } from "react";
import { cn } from "./cn";

export type TableProps = ComponentProps<"table"> & {
  containerClassName?: string;
  /**
   * On a phone, each row becomes a block and each cell a line headed by its `label` (globals.css
   * .stack-on-phone), so a row's actions stay on screen instead of past a sideways scroll.
   */
  stackOnPhone?: boolean;
  /**
   * For a table that can outgrow its frame (on a phone, or always) with no link or button inside:
   * the frame becomes a named region with a tab stop, so a keyboard can scroll it sideways (axe's
   * scrollable-region-focusable).
   */
  scrollRegionLabel?: string;
};

// The roles are spelled out: a row or cell shown as a block keeps them (browsers drop the implicit
// table roles of elements whose display changes).
export function Table({ className, containerClassName, stackOnPhone = false, scrollRegionLabel, ...props }: TableProps) {
  const region = scrollRegionLabel ? ({ role: "region", "aria-label": scrollRegionLabel, tabIndex: 0 } as const) : {};
  return (
    <div className={cn("relative w-full overflow-x-auto rounded-md border border-border focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none", containerClassName)} {...region}>
      <table role="table" className={cn("w-full caption-bottom border-collapse text-sm", stackOnPhone && "stack-on-phone", className)} {...props} />
    </div>
  );
}

export function TableHeader({ className, ...props }: ComponentProps<"thead">) {
  return <thead role="rowgroup" className={cn("bg-muted/50 [&_tr]:border-b", className)} {...props} />;
}

export function TableBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody role="rowgroup" className={cn("[&_tr:last-child]:border-0", className)} {...props} />;
}

export function TableRow({ className, ...props }: ComponentProps<"tr">) {
  return (
    <tr
      role="row"
      className={cn("border-b border-border transition-colors hover:bg-muted/40 data-[state=selected]:bg-muted", className)}
      {...props}
    />
  );
}

export function TableHead({ className, scope = "col", ...props }: ComponentProps<"th">) {
  return (
    <th
      scope={scope}
      role={scope === "row" ? "rowheader" : "columnheader"}
      className={cn("h-10 whitespace-nowrap px-3 text-left align-middle font-medium text-muted-foreground", className)}
      {...props}
    />
  );
}

/** `label`: the column's name, shown before the value when the table is stacked on a phone. */
export function TableCell({ className, label, ...props }: ComponentProps<"td"> & { label?: string }) {
  return <td role="cell" data-label={label} className={cn("px-3 py-2.5 align-middle", className)} {...props} />;
}

export function TableCaption({ className, ...props }: ComponentProps<"caption">) {
  return <caption className={cn("mt-3 pb-3 text-sm text-muted-foreground", className)} {...props} />;
}
