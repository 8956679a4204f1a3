"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useMemo } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClassName } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useToast } from "@/components/ui/toast";
import { INTL_LOCALE } from "@/lib/i18n/locales";

const DATE_OPTIONS: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" };

/** Starts a background export and shows its progress (polled) until the download is ready. */
export function WorkspaceExport({ retentionDays }: { retentionDays: number }) {
  const t = useTranslations("WorkspaceData.export");
  const locale = useLocale();
  const dateFormat = useMemo(() => new Intl.DateTimeFormat(INTL_LOCALE[locale], DATE_OPTIONS), [locale]);
  const size = (bytes: number | null): string => {
    if (bytes === null) return "";
    if (bytes < 1024 * 1024) return t("sizeKb", { size: Math.max(1, Math.round(bytes / 1024)) });
    return t("sizeMb", { size: new Intl.NumberFormat(INTL_LOCALE[locale], { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false }).format(bytes / 1024 / 1024) });
  };
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const list = useQuery({
    ...trpc.dataExport.list.queryOptions(),
    // Poll only while something is being built.
    refetchInterval: (query) => (query.state.data?.some((e) => e.status === "queued" || e.status === "running") ? 1000 : false),
  });
  const request = useMutation(
    trpc.dataExport.request.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.dataExport.list.queryKey() }),
      onError: (error) => toast({ title: t("startFailed"), description: toClientError(error).message, variant: "error" }),
    }),
  );
  const exports = list.data ?? [];
  const active = exports.find((e) => e.status === "queued" || e.status === "running");

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description", { days: retentionDays })}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {active ? (
          <div className="space-y-2" role="status" aria-live="polite">
            <div className="flex justify-between text-sm">
              <span>{active.stage ?? t("working")}…</span>
              <span className="tabular-nums">{active.progress}%</span>
            </div>
            <div className="h-2 overflow-hidden rounded-full bg-muted" role="progressbar" aria-label={t("progress")} aria-valuemin={0} aria-valuemax={100} aria-valuenow={active.progress}>
              <div className="h-full bg-primary transition-[width]" style={{ width: `${active.progress}%` }} />
            </div>
          </div>
        ) : (
          <Button type="button" loading={request.isPending} onClick={() => request.mutate()}>
            {t("start")}
          </Button>
        )}
        {list.isError ? <Alert variant="error">{t("loadError", { message: toClientError(list.error).message })}</Alert> : null}
        {list.isPending ? <p className="text-sm text-muted-foreground" role="status">{t("loading")}</p> : null}
        {exports.length ? (
          <ul className="divide-y divide-border rounded-md border border-border" aria-label={t("recent")}>
            {exports.map((e) => (
              <li key={e.id} className="flex flex-wrap items-center justify-between gap-3 px-3 py-2 text-sm">
                <span>
                  {dateFormat.format(e.createdAt)} UTC {e.status === "ready" ? <span className="text-muted-foreground">· {size(e.sizeBytes)}</span> : null}
                </span>
                {e.status === "ready" ? (
                  <a href={`/dashboard/settings/data/export/${e.id}`} className={buttonClassName({ size: "sm", variant: "outline" })} download>
                    {t("download")}
                  </a>
                ) : e.status === "failed" ? (
                  <Badge variant="destructive" title={e.error ?? undefined}>{t("failed")}</Badge>
                ) : (
                  <Badge variant="outline">{t("inProgress")}</Badge>
                )}
              </li>
            ))}
          </ul>
        ) : null}
      </CardContent>
    </Card>
  );
}
