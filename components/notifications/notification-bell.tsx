"use client";

import { useTranslations } from "next-intl";
import { lazy, Suspense, useEffect, useId, useRef, useState, type ComponentType, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import type { PanelProps } from "./notification-panel";
import { PanelFrame, PanelLoading } from "./panel-frame";

// The dashboard header's bell (issue 15). The unread count comes with the frame's own statement
// (server/tenants/workspace-frame.ts), so a page costs nothing more. The panel, its list and the
// tRPC client it needs are downloaded when the bell is first opened (./notification-panel.tsx).
// A non-modal popover: Escape or a click elsewhere closes it and the focus goes back to the bell.

const NoPanel: ComponentType<PanelProps> = () => null;

const countLabel = (n: number, cap: number) => (n >= cap ? `${cap - 1}+` : String(n));

export function NotificationBell({ initialUnread, cap }: { initialUnread: number; cap: number }) {
  const t = useTranslations("DashboardNotifications");
  const [open, setOpen] = useState(false);
  // Downloaded at the first opening and mounted from then on (closing only hides it). A download
  // that fails (offline for a moment) is offered again in the panel, not thrown at the page.
  const [Panel, setPanel] = useState<ComponentType<PanelProps> | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  // Failing again is more likely a new release (this page's chunks are gone) than the network.
  const [failures, setFailures] = useState(0);
  // The panel's count once it has one; the frame's until then.
  const [reported, setReported] = useState<number | null>(null);
  // On a phone the panel spans the screen just under the bell (fixed, so it never runs off an edge).
  const [panelTop, setPanelTop] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const id = useId();
  const unread = reported ?? initialUnread;

  const loadPanel = () => {
    setLoadFailed(false);
    const panel = lazy<ComponentType<PanelProps>>(() =>
      import("./notification-panel").catch(() => {
        setLoadFailed(true);
        setFailures((count) => count + 1);
        return { default: NoPanel };
      }),
    );
    setPanel(() => panel);
  };

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) trigger.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const outside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  const label = unread > 0 ? t("unreadLabel", { count: countLabel(unread, cap) }) : t("title");
  // The panel's box while its code downloads or when it could not be.
  const frame = (body: ReactNode) => (
    <PanelFrame id={id} top={panelTop} title={t("title")} onEscape={() => close(true)}>
      {body}
    </PanelFrame>
  );

  return (
    <div ref={root} className="relative">
      <button
        ref={trigger}
        type="button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={open ? `${id}-panel` : undefined}
        onClick={() => {
          if (open) return close(false);
          setPanelTop(Math.round(trigger.current?.getBoundingClientRect().bottom ?? 56) + 4);
          setOpen(true);
          if (!Panel || loadFailed) loadPanel();
        }}
        className="relative grid size-9 place-items-center rounded-full pointer-coarse:size-10 text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
      >
        <svg aria-hidden viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread > 0 ? (
          <span aria-hidden data-testid="notification-count" className="absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-destructive px-1 text-center text-[11px] leading-5 font-semibold text-white">
            {countLabel(unread, cap)}
          </span>
        ) : null}
      </button>
      {open && loadFailed ? (
        frame(
          <div role="alert" className="px-4 py-6 text-sm">
            <p className="text-destructive">{failures > 1 ? t("stillFailing") : t("loadFailed")}</p>
            <Button variant="outline" size="sm" className="mt-3" onClick={failures > 1 ? () => window.location.reload() : loadPanel}>
              {failures > 1 ? t("reload") : t("retry")}
            </Button>
          </div>,
        )
      ) : Panel ? (
        <Suspense fallback={open ? frame(<PanelLoading label={t("loading")} />) : null}>
          <Panel id={id} open={open} top={panelTop} initialUnread={initialUnread} onUnread={setReported} onClose={close} />
        </Suspense>
      ) : null}
    </div>
  );
}
