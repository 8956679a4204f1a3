"use client";

import { useEffect, useRef, type CSSProperties, type ReactNode } from "react";
import { Spinner } from "@/components/ui/spinner";

/**
 * The notification panel's box and title, shared by the bell (while the panel's code downloads)
 * and the panel. A non-modal popover: the title takes the focus when it opens, Escape closes it.
 */
export function PanelFrame({ id, top, title, action, onEscape, children }: { id: string; top: number; title: string; action?: ReactNode; onEscape: () => void; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Opened from the bell, or shown in place of the loading frame (whose heading had the focus):
  // the title takes the focus, unless the person has moved on while the panel was downloading.
  useEffect(() => {
    const focused = document.activeElement;
    if (!focused || focused === document.body || focused.getAttribute("aria-controls") === `${id}-panel`) heading.current?.focus();
  }, [id]);
  return (
    <div
      id={`${id}-panel`}
      role="dialog"
      aria-labelledby={`${id}-title`}
      onKeyDown={(event) => {
        if (event.key !== "Escape") return;
        event.preventDefault();
        onEscape();
      }}
      style={{ "--panel-top": `${top}px` } as CSSProperties}
      className="fixed inset-x-2 top-[var(--panel-top)] z-50 flex max-h-[min(32rem,calc(100dvh-var(--panel-top)-0.5rem))] flex-col rounded-md border border-border bg-card shadow-lg sm:absolute sm:inset-x-auto sm:top-full sm:right-0 sm:mt-1 sm:w-96"
    >
      <div className="flex items-center justify-between gap-2 border-b border-border px-4 py-2">
        <h2 ref={heading} id={`${id}-title`} tabIndex={-1} className="text-sm font-semibold outline-none">
          {title}
        </h2>
        {action}
      </div>
      {children}
    </div>
  );
}

/** What the panel shows while its list loads. */
export function PanelLoading({ label }: { label: string }) {
  return (
    <p className="flex items-center gap-2 px-4 py-6 text-sm text-muted-foreground" role="status">
      <Spinner className="size-4" /> {label}
    </p>
  );
}
