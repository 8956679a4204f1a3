"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClassName } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useToast } from "@/components/ui/toast";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function size(bytes: number | null): string {
  if (bytes === null) return "";
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Starts a background export and shows its progress (polled) until the download is ready. */
export function WorkspaceExport({ retentionDays }: { retentionDays: number }) {
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
      onError: (error) => toast({ title: "Could not start the export", description: toClientError(error).message, variant: "error" }),
    }),
  );
  const exports = list.data ?? [];
  const active = exports.find((e) => e.status === "queued" || e.status === "running");

  return (
    <Card>
      <CardHeader>
        <CardTitle>Export workspace data</CardTitle>
        <CardDescription>
          One JSON file with members, settings, domains, API keys (without secrets), daily usage, invoices and the whole audit log. It is built in the background;
          you can leave this page. Downloads are kept for {retentionDays} days.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {active ? (
          <div className="space-y-2" role="status" aria-live="polite">
            <div className="flex justify-between text-sm">
              <span>{active.stage ?? "Working"}…</span>
              <span className="tabular-nums">{active.progress}%</span>
            </div>
            <div className="h-2 overflow-hidden rounded-full bg-muted" role="progressbar" aria-label="Export progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={active.progress}>
              <div className="h-full bg-primary transition-[width]" style={{ width: `${active.progress}%` }} />
            </div>
          </div>
        ) : (
          <Button type="button" loading={request.isPending} onClick={() => request.mutate()}>
            Start export
          </Button>
        )}
        {list.isError ? <Alert variant="error">Could not load your exports: {toClientError(list.error).message}</Alert> : null}
        {list.isPending ? <p className="text-sm text-muted-foreground" role="status">Loading exports…</p> : null}
        {exports.length ? (
          <ul className="divide-y divide-border rounded-md border border-border" aria-label="Recent exports">
            {exports.map((e) => (
              <li key={e.id} className="flex flex-wrap items-center justify-between gap-3 px-3 py-2 text-sm">
                <span>
                  {dateFormat.format(e.createdAt)} UTC {e.status === "ready" ? <span className="text-muted-foreground">· {size(e.sizeBytes)}</span> : null}
                </span>
                {e.status === "ready" ? (
                  <a href={`/dashboard/settings/data/export/${e.id}`} className={buttonClassName({ size: "sm", variant: "outline" })} download>
                    Download JSON
                  </a>
                ) : e.status === "failed" ? (
                  <Badge variant="destructive" title={e.error ?? undefined}>Failed — start a new one</Badge>
                ) : (
                  <Badge variant="outline">In progress</Badge>
                )}
              </li>
            ))}
          </ul>
        ) : null}
      </CardContent>
    </Card>
  );
}
