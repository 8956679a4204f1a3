"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

const STATUS = {
  pending: { label: "Retrying", variant: "warning" },
  succeeded: { label: "Delivered", variant: "success" },
  failed: { label: "Failed", variant: "destructive" },
} as const;

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** An endpoint's recent deliveries; each expands (a native <details>) to its attempts. */
export function DeliveryLog({ endpointId }: { endpointId: string }) {
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
        toast({ title: "Resend queued", description: "It appears at the top of the log.", variant: "success" });
        void queryClient.invalidateQueries({ queryKey: trpc.webhook.deliveries.queryKey({ endpointId }) });
      },
      onError: (error) => toast({ title: "Could not resend", description: toClientError(error).message, variant: "error" }),
    }),
  );

  if (log.isPending) return <p className="text-sm text-muted-foreground" role="status">Loading deliveries…</p>;
  if (log.isError) return <Alert variant="error">Could not load the deliveries: {toClientError(log.error).message}</Alert>;
  if (!log.data.length) return <p className="text-sm text-muted-foreground">No deliveries yet. Send a test event, or wait for the next event in this workspace.</p>;

  return (
    <ul className="divide-y divide-border rounded-md border border-border" aria-label="Deliveries">
      {log.data.map((d) => {
        const status = STATUS[d.status];
        return (
          <li key={d.id} data-testid="webhook-delivery">
            <details className="group">
              <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
                <span className="font-mono text-xs">{d.eventType}</span>
                <Badge variant={status.variant}>{d.attempts === 0 && d.status === "pending" ? "Queued" : status.label}</Badge>
                {d.kind !== "event" ? <Badge variant="outline">{d.kind === "test" ? "Test" : "Resend"}</Badge> : null}
                <span className="text-xs text-muted-foreground">{dateFormat.format(d.createdAt)} UTC</span>
                <span className="text-xs text-muted-foreground">
                  {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
                  {d.lastResponseStatus !== null ? ` · HTTP ${d.lastResponseStatus}` : ""}
                  {d.lastDurationMs !== null ? ` · ${d.lastDurationMs} ms` : ""}
                </span>
              </summary>
              <div className="space-y-3 border-t border-border bg-muted/30 px-3 py-3 text-sm">
                {d.status === "pending" && d.attempts > 0 ? <p className="text-xs">Next attempt {dateFormat.format(d.nextAttemptAt)} UTC.</p> : null}
                <div>
                  <p className="mb-1 text-xs font-medium">Request body</p>
                  <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-all rounded-md border border-border bg-background p-2 font-mono text-xs">{d.log[0] ? pretty(d.log[0].requestBody) : "Not sent yet."}</pre>
                </div>
                {d.log.map((a) => (
                  <div key={a.attempt} className="space-y-1">
                    <p className="text-xs font-medium">
                      Attempt {a.attempt} · {dateFormat.format(a.createdAt)} UTC · {a.responseStatus !== null ? `HTTP ${a.responseStatus}` : "no response"} · {a.durationMs} ms
                    </p>
                    {a.error ? <p className="text-xs text-destructive">{a.error}</p> : null}
                    {a.responseBody ? (
                      <pre className="max-h-40 overflow-auto whitespace-pre-wrap break-all rounded-md border border-border bg-background p-2 font-mono text-xs">{a.responseBody}</pre>
                    ) : null}
                  </div>
                ))}
                <Button size="sm" variant="outline" disabled={resend.isPending} onClick={() => resend.mutate({ deliveryId: d.id })}>
                  {resend.isPending && resend.variables?.deliveryId === d.id ? "Resending…" : "Resend"}
                </Button>
              </div>
            </details>
          </li>
        );
      })}
    </ul>
  );
}
