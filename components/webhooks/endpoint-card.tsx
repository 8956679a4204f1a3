"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import type { EventType } from "@/lib/event-catalog";
import { INTL_LOCALE } from "@/lib/i18n/locales";
import { DeliveryLog } from "./delivery-log";
import { EndpointForm } from "./endpoint-form";
import { SecretReveal } from "./secret-reveal";

const DATE_OPTIONS: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" };

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
  const t = useTranslations("WorkspaceWebhooks.card");
  const tc = useTranslations("WorkspaceCommon");
  const locale = useLocale();
  const dateFormat = useMemo(() => new Intl.DateTimeFormat(INTL_LOCALE[locale], DATE_OPTIONS), [locale]);
  const trpc = useTRPC();
  const { toast } = useToast();
  const queryClient = useQueryClient();
  const [showLog, setShowLog] = useState(false);
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const onError = (error: unknown) => toast({ title: tc("actionFailed"), description: toClientError(error).message, variant: "error" });
  const sendTest = useMutation(
    trpc.webhook.sendTest.mutationOptions({
      onSuccess: () => {
        setShowLog(true);
        void queryClient.invalidateQueries({ queryKey: trpc.webhook.deliveries.queryKey({ endpointId: endpoint.id }) });
        toast({ title: t("testQueued"), description: t("testQueuedDescription"), variant: "success" });
        onChanged();
      },
      onError,
    }),
  );
  const setEnabled = useMutation(trpc.webhook.setEnabled.mutationOptions({ onSuccess: onChanged, onError }));
  const rotate = useMutation(trpc.webhook.rotateSecret.mutationOptions({ onSuccess: (r) => (setSecret(r.secret), onChanged()), onError }));
  const remove = useMutation(trpc.webhook.remove.mutationOptions({ onSuccess: () => (toast({ title: t("deleted"), variant: "success" }), onChanged()), onError }));
  const status = !endpoint.enabled
    ? ({ kind: "disabled", variant: "destructive" } as const)
    : endpoint.failingSince
      ? ({ kind: "failing", variant: "warning" } as const)
      : ({ kind: "enabled", variant: "success" } as const);
  const logId = `webhook-log-${endpoint.id}`;

  return (
    <Card data-testid="webhook-endpoint">
      <CardHeader className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <Badge variant={status.variant}>{t(`status.${status.kind}`)}</Badge>
          <CardTitle className="min-w-0 break-all font-mono text-sm">{endpoint.url}</CardTitle>
        </div>
        {endpoint.description ? <p className="break-words text-sm text-muted-foreground">{endpoint.description}</p> : null}
        <p className="text-xs text-muted-foreground">
          {endpoint.eventTypes.length ? t("events", { types: endpoint.eventTypes.join(", ") }) : t("allEvents")}
          {" · "}
          {endpoint.lastDelivery
            ? t("lastDelivery", {
                date: dateFormat.format(endpoint.lastDelivery.createdAt),
                eventType: endpoint.lastDelivery.eventType,
                status: t(`deliveryStatus.${endpoint.lastDelivery.status}`),
              })
            : t("noDeliveries")}
        </p>
      </CardHeader>
      <CardContent className="space-y-4">
        {!endpoint.enabled ? (
          <Alert variant="error" title={t("disabledTitle")}>
            {endpoint.disabledReason ?? t("disabledReason")} {t("disabledBody")}
          </Alert>
        ) : endpoint.failingSince ? (
          <Alert variant="warning" title={t("failingTitle")}>
            {t("failingBody", { date: dateFormat.format(endpoint.failingSince) })}
          </Alert>
        ) : null}
        {endpoint.rotating && !secret ? <p className="text-xs text-muted-foreground">{t("previousSecret")}</p> : null}
        {secret ? <SecretReveal title={t("newSecret")} secret={secret} onDone={() => setSecret(null)} /> : null}
        {editing ? (
          <EndpointForm
            eventTypes={eventTypes}
            endpoint={endpoint}
            onCancel={() => setEditing(false)}
            onSaved={async () => {
              // Closed once the list shows the saved values: opening it again at once never brings back the old ones.
              await onChanged();
              setEditing(false);
              toast({ title: t("saved"), variant: "success" });
            }}
          />
        ) : null}
        <div className="flex flex-wrap gap-2">
          <Button size="sm" variant="secondary" disabled={sendTest.isPending || !endpoint.enabled} onClick={() => sendTest.mutate({ endpointId: endpoint.id })}>
            {sendTest.isPending ? t("sending") : t("sendTest")}
          </Button>
          <Button size="sm" variant="outline" aria-expanded={editing} onClick={() => setEditing((v) => !v)}>
            {t("edit")}
          </Button>
          <Button size="sm" variant="outline" aria-expanded={showLog} aria-controls={logId} onClick={() => setShowLog((v) => !v)}>
            {showLog ? t("hideDeliveries") : t("deliveries")}
          </Button>
          <ConfirmDialog
            trigger={<Button size="sm" variant="outline">{t("rotateSecret")}</Button>}
            title={t("rotateTitle")}
            description={endpoint.rotating ? t("rotateAgainDescription") : t("rotateDescription")}
            confirmLabel={t("rotateSecret")}
            onConfirm={() => rotate.mutateAsync({ endpointId: endpoint.id }).then(() => undefined)}
          />
          <Button size="sm" variant="outline" disabled={setEnabled.isPending} onClick={() => setEnabled.mutate({ endpointId: endpoint.id, enabled: !endpoint.enabled })}>
            {endpoint.enabled ? t("disable") : t("enable")}
          </Button>
          <ConfirmDialog
            trigger={<Button size="sm" variant="ghost">{t("delete")}</Button>}
            title={t("deleteTitle")}
            description={t("deleteDescription", { url: endpoint.url })}
            confirmLabel={t("deleteConfirm")}
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
