"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState, type CSSProperties, type KeyboardEvent } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";
import { relativeTime } from "@/lib/relative-time";
import { useServerText } from "@/components/i18n/server-text";

// The dashboard header's bell (issue 15). The unread count comes with the frame's own statement
// (server/tenants/workspace-frame.ts), so a page costs nothing more; the list is fetched only when
// the panel opens. A non-modal popover: Escape or a click elsewhere closes it and the focus goes
// back to the bell.

const countLabel = (n: number, cap: number) => (n >= cap ? `${cap - 1}+` : String(n));

export function NotificationBell({ initialUnread, cap }: { initialUnread: number; cap: number }) {
  const t = useTranslations("DashboardNotifications");
  const locale = useLocale();
  // Titles and bodies are written by the server when the event happens, in English.
  const serverText = useServerText();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  // On a phone the panel spans the screen just under the bell (fixed, so it never runs off an edge).
  const [panelTop, setPanelTop] = useState(0);
  // Marked read here (id -> when): shown as read at once, before the server's answer comes back.
  const [readHere, setReadHere] = useState<ReadonlyMap<string, number>>(new Map());
  const [allReadAt, setAllReadAt] = useState<Date | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const id = useId();

  const list = useQuery(trpc.notification.list.queryOptions(undefined, { enabled: open, staleTime: 0 }));
  const count = useQuery(trpc.notification.unreadCount.queryOptions(undefined, { enabled: open, staleTime: 0 }));
  // The server's count (the frame's until the panel first opens), less what was marked here since.
  const countedAt = count.data === undefined ? 0 : count.dataUpdatedAt;
  const unread =
    allReadAt && allReadAt.getTime() > countedAt ? 0 : Math.max(0, (count.data ?? initialUnread) - [...readHere.values()].filter((at) => at > countedAt).length);

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.notification.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.notification.unreadCount.queryKey() }),
    ]);
  const markRead = useMutation(trpc.notification.markRead.mutationOptions({ onSettled: refresh }));
  const markAll = useMutation(
    trpc.notification.markAllRead.mutationOptions({
      onSuccess: () => setAllReadAt(new Date()),
      onSettled: refresh,
    }),
  );
  const error = markRead.error ?? markAll.error;

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) trigger.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    heading.current?.focus();
    const outside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  function onPanelKey(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    }
  }

  function read(notificationId: string, wasUnread: boolean) {
    if (!wasUnread) return;
    setReadHere((ids) => new Map(ids).set(notificationId, Date.now()));
    markRead.mutate({ notificationId });
  }

  const label = unread > 0 ? t("unreadLabel", { count: countLabel(unread, cap) }) : t("title");
  const items = list.data ?? [];

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
        }}
        className="relative grid size-9 place-items-center rounded-full text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
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
      {open ? (
        <div
          id={`${id}-panel`}
          role="dialog"
          aria-labelledby={`${id}-title`}
          onKeyDown={onPanelKey}
          style={{ "--panel-top": `${panelTop}px` } as CSSProperties}
          className="fixed inset-x-2 top-[var(--panel-top)] z-50 flex max-h-[min(32rem,calc(100dvh-var(--panel-top)-0.5rem))] flex-col rounded-md border border-border bg-card shadow-lg sm:absolute sm:inset-x-auto sm:top-full sm:right-0 sm:mt-1 sm:w-96"
        >
          <div className="flex items-center justify-between gap-2 border-b border-border px-4 py-2">
            <h2 ref={heading} id={`${id}-title`} tabIndex={-1} className="text-sm font-semibold outline-none">
              {t("title")}
            </h2>
            <Button variant="ghost" size="sm" disabled={unread === 0 || markAll.isPending} onClick={() => markAll.mutate()}>
              {t("markAll")}
            </Button>
          </div>
          {error ? (
            <p role="alert" className="px-4 py-2 text-sm text-destructive">
              {toClientError(error).message}
            </p>
          ) : null}
          <div className="min-h-0 flex-1 overflow-y-auto">
            {list.isPending ? (
              <p className="flex items-center gap-2 px-4 py-6 text-sm text-muted-foreground" role="status">
                <Spinner className="size-4" /> {t("loading")}
              </p>
            ) : list.isError ? (
              <p role="alert" className="px-4 py-6 text-sm text-destructive">
                {toClientError(list.error).message}
              </p>
            ) : items.length === 0 ? (
              <div className="px-4 py-8 text-center">
                <p className="text-sm font-medium">{t("caughtUp")}</p>
                <p className="mt-1 text-sm text-muted-foreground">{t("emptyBody")}</p>
              </div>
            ) : (
              <ul aria-label={t("listLabel")} className="divide-y divide-border">
                {items.map((n) => {
                  const isUnread = n.readAt === null && !readHere.has(n.id) && !(allReadAt && n.createdAt <= allReadAt);
                  return (
                    <li key={n.id} className={cn("relative px-4 py-3", isUnread && "bg-primary/5")} data-unread={isUnread || undefined}>
                      <div className="flex items-start justify-between gap-2">
                        <p className="text-sm font-medium">
                          {isUnread ? <span className="sr-only">{t("unreadPrefix")}</span> : null}
                          {n.link ? (
                            <Link href={n.link} className="underline-offset-4 hover:underline focus-visible:underline" onClick={() => {
                                read(n.id, isUnread);
                                close(false);
                              }}>
                              {serverText(n.title)}
                            </Link>
                          ) : (
                            serverText(n.title)
                          )}
                        </p>
                        {isUnread ? (
                          <button
                            type="button"
                            className="shrink-0 rounded text-xs text-muted-foreground underline-offset-4 hover:underline focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
                            aria-label={t("markReadLabel", { title: serverText(n.title) })}
                            onClick={() => read(n.id, true)}
                          >
                            {t("markRead")}
                          </button>
                        ) : null}
                      </div>
                      <p className="mt-0.5 text-sm break-words text-muted-foreground">{serverText(n.body)}</p>
                      <p className="mt-1 text-xs text-muted-foreground">
                        <time dateTime={n.createdAt.toISOString()} title={n.createdAt.toISOString()}>
                          {relativeTime(n.createdAt, new Date(), locale)}
                        </time>
                      </p>
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
        </div>
      ) : null}
    </div>
  );
}
