"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { toClientError, TrpcQueryProvider, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { relativeTime } from "@/lib/relative-time";
import { useServerText } from "@/components/i18n/server-text";
import { PanelFrame, PanelLoading } from "./panel-frame";

// The bell's panel (issue 15), downloaded when the bell is first opened, with its own tRPC and
// React Query (the frame loads neither). It stays mounted once opened, so what was marked read
// here and the last answers are kept while it is closed; it tells the bell the unread count.

export type PanelProps = { id: string; open: boolean; top: number; initialUnread: number; onUnread: (count: number) => void; onClose: (refocus: boolean) => void };

export default function NotificationPanel(props: PanelProps) {
  return (
    <TrpcQueryProvider>
      <Panel {...props} />
    </TrpcQueryProvider>
  );
}

function Panel({ id, open, top, initialUnread, onUnread, onClose }: PanelProps) {
  const t = useTranslations("DashboardNotifications");
  const locale = useLocale();
  // Titles and bodies are written by the server when the event happens, in English.
  const serverText = useServerText();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Marked read here (id -> when): shown as read at once, before the server's answer comes back.
  const [readHere, setReadHere] = useState<ReadonlyMap<string, number>>(new Map());
  const [allReadAt, setAllReadAt] = useState<Date | null>(null);

  const list = useQuery(trpc.notification.list.queryOptions(undefined, { enabled: open, staleTime: 0 }));
  const count = useQuery(trpc.notification.unreadCount.queryOptions(undefined, { enabled: open, staleTime: 0 }));
  // The server's count (the frame's until the panel first answers), less what was marked here since.
  const countedAt = count.data === undefined ? 0 : count.dataUpdatedAt;
  const unread =
    allReadAt && allReadAt.getTime() > countedAt ? 0 : Math.max(0, (count.data ?? initialUnread) - [...readHere.values()].filter((at) => at > countedAt).length);
  useEffect(() => onUnread(unread), [unread, onUnread]);

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

  function read(notificationId: string, wasUnread: boolean) {
    if (!wasUnread) return;
    setReadHere((ids) => new Map(ids).set(notificationId, Date.now()));
    markRead.mutate({ notificationId });
  }
  const items = list.data ?? [];

  if (!open) return null;
  return (
    <PanelFrame
      id={id}
      top={top}
      title={t("title")}
      onEscape={() => onClose(true)}
      action={
        <Button variant="ghost" size="sm" disabled={unread === 0 || markAll.isPending} onClick={() => markAll.mutate()}>
          {t("markAll")}
        </Button>
      }
    >
      {error ? (
        <p role="alert" className="px-4 py-2 text-sm text-destructive">
          {toClientError(error).message}
        </p>
      ) : null}
      <div className="min-h-0 flex-1 overflow-y-auto">
        {list.isPending ? (
          <PanelLoading label={t("loading")} />
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
                        <Link
                          href={n.link}
                          className="underline-offset-4 hover:underline focus-visible:underline"
                          onClick={() => {
                            read(n.id, isUnread);
                            onClose(false);
                          }}
                        >
                          {serverText(n.title)}
                        </Link>
                      ) : (
                        serverText(n.title)
                      )}
                    </p>
                    {isUnread ? (
                      <button
                        type="button"
                        className="shrink-0 rounded text-xs text-muted-foreground underline-offset-4 pointer-coarse:min-h-10 pointer-coarse:px-2 hover:underline focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
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
    </PanelFrame>
  );
}
