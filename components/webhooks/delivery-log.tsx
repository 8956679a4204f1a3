"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useMemo } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { INTL_LOCALE } from "@/lib/i18n/locales";

const DATE_OPTIONS: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" };

const STATUS_VARIANT = { pending: "warning", succeeded: "success", failed: "destructive" } as const;

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** An endpoint's recent deliveries; each expands (a native <details>) to its attempts. */
export function DeliveryLog({ endpointId }: { endpointId: string }) {
  const t = useTranslations("WorkspaceWebhooks.log");
  const locale = useLocale();
  const dateFormat = useMemo(() => new Intl.DateTimeFormat(INTL_LOCALE[locale], DATE_OPTIONS), [locale]);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const log = useQuery({
    ...trpc.webhook.deliveries.queryOptions({ endpointId }),
    // Fresh whenever the log is opened (events arrive while one looks elsewhere); every 2 s while
    // something is queued, else every 15 s while it stays open.
    refetchOnMount: "always",
    refetchInterval: (query) => (query.state.data?.some((d) => d.status === "pending" && d.attempts === 0) ? 2_000 : 15_000),
  });
  const resend = useMutation(
    trpc.webhook.resend.mutationOptions({
      onSuccess: () => {
        toast({ title: t("resendQueued"), description: t("resendQueuedDescription"), variant: "success" });
        void queryClient.invalidateQueries({ queryKey: trpc.webhook.deliveries.queryKey({ endpointId }) });
      },
      onError: (error) => toast({ title: t("resendFailed"), description: toClientError(error).message, variant: "error" }),
    }),
  );

  if (log.isPending) return <p className="text-sm text-muted-foreground" role="status">{t("loading")}</p>;
  if (log.isError) return <Alert variant="error">{t("loadError", { message: toClientError(log.error).message })}</Alert>;
  if (!log.data.length) return <p className="text-sm text-muted-foreground">{t("empty")}</p>;

  return (
    <ul className="divide-y divide-border rounded-md border border-border" aria-label={t("list")}>
      {log.data.map((d) => {
        return (
          <li key={d.id} data-testid="webhook-delivery">
            <details className="group">
              <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
                <span className="font-mono text-xs">{d.eventType}</span>
                <Badge variant={STATUS_VARIANT[d.status]}>{d.attempts === 0 && d.status === "pending" ? t("queued") : t(`status.${d.status}`)}</Badge>
                {d.kind !== "event" ? <Badge variant="outline">{d.kind === "test" ? t("test") : t("resend")}</Badge> : null}
                <span className="text-xs text-muted-foreground">{dateFormat.format(d.createdAt)} UTC</span>
                <span className="text-xs text-muted-foreground">
                  {t("attempts", { count: d.attempts })}
                  {d.lastResponseStatus !== null ? ` · HTTP ${d.lastResponseStatus}` : ""}
                  {d.lastDurationMs !== null ? ` · ${d.lastDurationMs} ms` : ""}
                </span>
              </summary>
              <div className="space-y-3 border-t border-border bg-muted/30 px-3 py-3 text-sm">
                {d.status === "pending" && d.attempts > 0 ? <p className="text-xs">{t("nextAttempt", { date: dateFormat.format(d.nextAttemptAt) })}</p> : null}
                <div>
                  <p className="mb-1 text-xs font-medium">{t("requestBody")}</p>
                  <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-all rounded-md border border-border bg-background p-2 font-mono text-xs">{d.log[0] ? pretty(d.log[0].requestBody) : t("notSent")}</pre>
                </div>
                {d.log.map((a) => (
                  <div key={a.attempt} className="space-y-1">
                    <p className="text-xs font-medium">
                      {t("attempt", { attempt: a.attempt, date: dateFormat.format(a.createdAt), response: a.responseStatus !== null ? `HTTP ${a.responseStatus}` : t("noResponse"), duration: a.durationMs })}
                    </p>
                    {a.error ? <p className="text-xs text-destructive">{a.error}</p> : null}
                    {a.responseBody ? (
                      <pre className="max-h-40 overflow-auto whitespace-pre-wrap break-all rounded-md border border-border bg-background p-2 font-mono text-xs">{a.responseBody}</pre>
                    ) : null}
                  </div>
                ))}
                <Button size="sm" variant="outline" disabled={resend.isPending} onClick={() => resend.mutate({ deliveryId: d.id })}>
                  {resend.isPending && resend.variables?.deliveryId === d.id ? t("resending") : t("resend")}
                </Button>
              </div>
            </details>
          </li>
        );
      })}
    </ul>
  );
}
