"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { formatLimit } from "@/lib/plans";
import { EndpointForm } from "./endpoint-form";
import { EndpointCard } from "./endpoint-card";
import { SecretReveal } from "./secret-reveal";

export function WebhooksManager() {
  const t = useTranslations("WorkspaceWebhooks");
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [newSecret, setNewSecret] = useState<string | null>(null);
  const list = useQuery({
    ...trpc.webhook.list.queryOptions(),
    // Fresh on every visit; while a delivery is queued or retrying its outcome shows in "Last
    // delivery" without a reload, and new deliveries appear within half a minute.
    refetchOnMount: "always",
    refetchInterval: (query) => (query.state.data?.endpoints.some((e) => e.lastDelivery?.status === "pending") ? 5_000 : 30_000),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhook.list.queryKey() });

  if (list.isPending) return <p className="text-sm text-muted-foreground" role="status">{t("loading")}</p>;
  if (list.isError) return <Alert variant="error">{t("loadError", { message: toClientError(list.error).message })}</Alert>;
  const { endpoints, limit, eventTypes } = list.data;
  const full = limit !== "unlimited" && endpoints.length >= limit;

  return (
    <div className="space-y-6">
      {newSecret ? <SecretReveal title={t("endpointAdded")} secret={newSecret} onDone={() => setNewSecret(null)} /> : null}
      {full ? (
        <Alert variant="warning" title={t("limitTitle")}>
          {t.rich("limitBody", {
            limit: formatLimit(limit, locale),
            link: (chunks) => (
              <Link href="/dashboard/billing" className="font-medium underline">
                {chunks}
              </Link>
            ),
          })}
        </Alert>
      ) : (
        <EndpointForm
          eventTypes={eventTypes}
          onCreated={(secret) => {
            setNewSecret(secret);
            refresh();
          }}
        />
      )}
      {endpoints.length === 0 ? (
        <EmptyState title={t("emptyTitle")} description={t("emptyDescription")} />
      ) : (
        <ul className="space-y-4" aria-label={t("list")}>
          {endpoints.map((endpoint) => (
            <li key={endpoint.id}>
              <EndpointCard endpoint={endpoint} eventTypes={eventTypes} onChanged={refresh} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
