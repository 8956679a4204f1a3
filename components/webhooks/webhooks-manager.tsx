"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
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

  if (list.isPending) return <p className="text-sm text-muted-foreground" role="status">Loading webhooks…</p>;
  if (list.isError) return <Alert variant="error">Could not load the webhooks: {toClientError(list.error).message}</Alert>;
  const { endpoints, limit, eventTypes } = list.data;
  const full = limit !== "unlimited" && endpoints.length >= limit;

  return (
    <div className="space-y-6">
      {newSecret ? <SecretReveal title="Endpoint added" secret={newSecret} onDone={() => setNewSecret(null)} /> : null}
      {full ? (
        <Alert variant="warning" title="Endpoint limit reached">
          Your plan allows {formatLimit(limit)} webhook endpoints. Delete one, or <Link href="/dashboard/billing" className="font-medium underline">upgrade in Billing</Link>.
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
        <EmptyState title="No webhook endpoints" description="Add an endpoint to receive signed requests when members join, plans change, invoices are paid and more." />
      ) : (
        <ul className="space-y-4" aria-label="Webhook endpoints">
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
