"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import type { EventType } from "@/lib/event-catalog";
import { DeliveryLog } from "./delivery-log";
import { EndpointForm } from "./endpoint-form";
import { SecretReveal } from "./secret-reveal";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export type EndpointSummary = {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  rotating: boolean;
  lastDelivery: { status: "pending" | "succeeded" | "failed"; eventType: string; createdAt: Date; lastResponseStatus: number | null } | null;
};

export function EndpointCard({ endpoint, eventTypes, onChanged }: { endpoint: EndpointSummary; eventTypes: { type: EventType; description: string }[]; onChanged: () => Promise<void> | void }) {
  const trpc = useTRPC();
  const { toast } = useToast();
  const queryClient = useQueryClient();
  const [showLog, setShowLog] = useState(false);
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const onError = (error: unknown) => toast({ title: "That did not work", description: toClientError(error).message, variant: "error" });
  const sendTest = useMutation(
    trpc.webhook.sendTest.mutationOptions({
      onSuccess: () => {
        setShowLog(true);
        void queryClient.invalidateQueries({ queryKey: trpc.webhook.deliveries.queryKey({ endpointId: endpoint.id }) });
        toast({ title: "Test event queued", description: "It appears in the delivery log below.", variant: "success" });
        onChanged();
      },
      onError,
    }),
  );
  const setEnabled = useMutation(trpc.webhook.setEnabled.mutationOptions({ onSuccess: onChanged, onError }));
  const rotate = useMutation(trpc.webhook.rotateSecret.mutationOptions({ onSuccess: (r) => (setSecret(r.secret), onChanged()), onError }));
  const remove = useMutation(trpc.webhook.remove.mutationOptions({ onSuccess: () => (toast({ title: "Endpoint deleted", variant: "success" }), onChanged()), onError }));
  const status = !endpoint.enabled
    ? ({ label: "Disabled", variant: "destructive" } as const)
    : endpoint.failingSince
      ? ({ label: "Failing", variant: "warning" } as const)
      : ({ label: "Enabled", variant: "success" } as const);
  const logId = `webhook-log-${endpoint.id}`;

  return (
    <Card data-testid="webhook-endpoint">
      <CardHeader className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <Badge variant={status.variant}>{status.label}</Badge>
          <CardTitle className="min-w-0 break-all font-mono text-sm">{endpoint.url}</CardTitle>
        </div>
        {endpoint.description ? <p className="break-words text-sm text-muted-foreground">{endpoint.description}</p> : null}
        <p className="text-xs text-muted-foreground">
          {endpoint.eventTypes.length ? `Events: ${endpoint.eventTypes.join(", ")}` : "All events"}
          {" · "}
          {endpoint.lastDelivery
            ? `Last delivery ${dateFormat.format(endpoint.lastDelivery.createdAt)} UTC (${endpoint.lastDelivery.eventType}, ${endpoint.lastDelivery.status})`
            : "No deliveries yet"}
        </p>
      </CardHeader>
      <CardContent className="space-y-4">
        {!endpoint.enabled ? (
          <Alert variant="error" title="This endpoint receives no events">
            {endpoint.disabledReason ?? "It was disabled."} Enable it again once it answers with a 2xx status; deliveries that were still retrying resume.
          </Alert>
        ) : endpoint.failingSince ? (
          <Alert variant="warning" title="Deliveries are failing">
            Failing since {dateFormat.format(endpoint.failingSince)} UTC. After three days without a success the endpoint is disabled and the owners are emailed.
          </Alert>
        ) : null}
        {endpoint.rotating && !secret ? <p className="text-xs text-muted-foreground">A previous secret still signs too, for up to 24 hours after the last rotation.</p> : null}
        {secret ? <SecretReveal title="New signing secret" secret={secret} onDone={() => setSecret(null)} /> : null}
        {editing ? (
          <EndpointForm
            eventTypes={eventTypes}
            endpoint={endpoint}
            onCancel={() => setEditing(false)}
            onSaved={async () => {
              // Closed once the list shows the saved values: opening it again at once never brings back the old ones.
              await onChanged();
              setEditing(false);
              toast({ title: "Endpoint saved", variant: "success" });
            }}
          />
        ) : null}
        <div className="flex flex-wrap gap-2">
          <Button size="sm" variant="secondary" disabled={sendTest.isPending || !endpoint.enabled} onClick={() => sendTest.mutate({ endpointId: endpoint.id })}>
            {sendTest.isPending ? "Sending…" : "Send test event"}
          </Button>
          <Button size="sm" variant="outline" aria-expanded={editing} onClick={() => setEditing((v) => !v)}>
            Edit
          </Button>
          <Button size="sm" variant="outline" aria-expanded={showLog} aria-controls={logId} onClick={() => setShowLog((v) => !v)}>
            {showLog ? "Hide deliveries" : "Deliveries"}
          </Button>
          <ConfirmDialog
            trigger={<Button size="sm" variant="outline">Rotate secret</Button>}
            title="Rotate the signing secret?"
            description={
              endpoint.rotating
                ? "A new secret is shown once. For 24 hours requests carry signatures with both the current and the new secret. The secret before the current one (from the last rotation) stops working now."
                : "A new secret is shown once. For 24 hours requests carry signatures with both the old and the new secret, so you can update your receiver without missing events."
            }
            confirmLabel="Rotate secret"
            onConfirm={() => rotate.mutateAsync({ endpointId: endpoint.id }).then(() => undefined)}
          />
          <Button size="sm" variant="outline" disabled={setEnabled.isPending} onClick={() => setEnabled.mutate({ endpointId: endpoint.id, enabled: !endpoint.enabled })}>
            {endpoint.enabled ? "Disable" : "Enable"}
          </Button>
          <ConfirmDialog
            trigger={<Button size="sm" variant="ghost">Delete</Button>}
            title="Delete this endpoint?"
            description={`Nothing more is sent to ${endpoint.url}, and its delivery log is deleted. This cannot be undone.`}
            confirmLabel="Delete endpoint"
            destructive
            onConfirm={() => remove.mutateAsync({ endpointId: endpoint.id }).then(() => undefined)}
          />
        </div>
        {showLog ? (
          <div id={logId}>
            <DeliveryLog endpointId={endpoint.id} />
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
