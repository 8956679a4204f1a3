"use client";

import { useRef, type KeyboardEvent } from "react";
import { cn } from "./cn";

/**
 * A small radio group drawn as joined buttons; arrow keys move the choice (roving tab index).
 * `value` null: nothing is picked yet (a choice only the browser knows, before hydration).
 */
export function SegmentedControl<T extends string>({
  label,
  value,
  options,
  onChange,
  size = "md",
}: {
  label: string;
  value: T | null;
  options: { id: T; label: string }[];
  onChange: (v: T) => void;
  size?: "sm" | "md";
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const step = e.key === "ArrowRight" || e.key === "ArrowDown" ? 1 : e.key === "ArrowLeft" || e.key === "ArrowUp" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = (index + step + options.length) % options.length;
    const option = options[next];
    if (option) onChange(option.id);
    refs.current[next]?.focus();
  };
  return (
    <div role="radiogroup" aria-label={label} className="inline-flex flex-wrap rounded-md border border-border p-0.5">
      {options.map((o, i) => (
        <button
          key={o.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="radio"
          aria-checked={value === o.id}
          tabIndex={value === o.id || (value === null && i === 0) ? 0 : -1}
          onClick={() => onChange(o.id)}
          onKeyDown={(e) => onKeyDown(e, i)}
          className={cn(
            "rounded text-sm focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none",
            size === "sm" ? "px-2 py-1 text-xs" : "px-3 py-1.5",
            // A finger needs more than the 24 px a small segment is on a desktop.
            "pointer-coarse:min-h-10 pointer-coarse:px-3",
            value === o.id ? "bg-primary text-primary-foreground" : "text-muted-foreground hover:text-foreground",
          )}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
