"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { ROTATION_GRACE_HOURS } from "@/lib/api-scopes";
import { CreateApiKeyForm } from "./create-api-key-form";
import { SecretReveal } from "./secret-reveal";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const fmt = (d: Date | null) => (d ? dateFormat.format(d) : "—");

function statusOf(key: { revokedAt: Date | null; expiresAt: Date | null; replacedBy: string | null }, now: number) {
  if (key.revokedAt) return { label: "Revoked", variant: "outline" as const };
  if (key.expiresAt && key.expiresAt.getTime() <= now) return { label: "Expired", variant: "outline" as const };
  if (key.replacedBy) return { label: `Rotated · valid until ${fmt(key.expiresAt)}`, variant: "warning" as const };
  return { label: "Active", variant: "success" as const };
}

/** Keys that count against the plan's limit (manage-api-keys.ts createApiKey): usable and not replaced by a rotation. */
const countsAgainstLimit = (key: { revokedAt: Date | null; expiresAt: Date | null; replacedBy: string | null }, now: number) =>
  !key.revokedAt && !key.replacedBy && !(key.expiresAt && key.expiresAt.getTime() <= now);

/** `keyLimit`: the plan's number of keys ("unlimited"), or null when unknown (a suspended workspace). */
export function ApiKeysManager({ now, keyLimit }: { now: number; keyLimit: number | "unlimited" | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [revealed, setRevealed] = useState<{ secret: string; note?: string } | null>(null);
  const keys = useQuery(trpc.apiKey.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKey.list.queryKey() });
  const onError = (error: unknown) => toast({ title: "That did not work", description: toClientError(error).message, variant: "error" });
  const revoke = useMutation(trpc.apiKey.revoke.mutationOptions({ onSuccess: () => (toast({ title: "Key revoked", variant: "success" }), refresh()), onError }));
  const rotate = useMutation(
    trpc.apiKey.rotate.mutationOptions({
      onSuccess: (key) => {
        setRevealed({ secret: key.secret, note: `The old key keeps working until ${fmt(key.oldKeyValidUntil)} (${ROTATION_GRACE_HOURS} hours), so you can deploy the new one.` });
        void refresh();
      },
      onError,
    }),
  );

  const inUse = keys.data ? keys.data.filter((k) => countsAgainstLimit(k, now)).length : null;
  return (
    <div className="space-y-8">
      {revealed ? <SecretReveal secret={revealed.secret} note={revealed.note} /> : null}
      <CreateApiKeyForm
        full={typeof keyLimit === "number" && inUse !== null && inUse >= keyLimit ? keyLimit : null}
        onCreated={(secret) => {
          setRevealed({ secret });
          void refresh();
        }}
      />
      <section aria-labelledby="keys-heading" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="keys-heading" className="text-lg font-semibold">
            Keys
          </h2>
          {inUse !== null && keyLimit !== null ? (
            <p className="text-sm text-muted-foreground tabular-nums" data-testid="key-count">
              {keyLimit === "unlimited" ? `${inUse} ${inUse === 1 ? "key" : "keys"} in use (no limit on your plan)` : `${inUse} of ${keyLimit} keys in use`}
            </p>
          ) : null}
        </div>
        {keys.isPending ? (
          <p className="text-sm text-muted-foreground" role="status">Loading keys…</p>
        ) : keys.isError ? (
          <Alert variant="error">Could not load the keys: {toClientError(keys.error).message}</Alert>
        ) : keys.data.length === 0 ? (
          <EmptyState title="No API keys yet" description="Create one above, then send your first usage event." />
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Key</TableHead>
                <TableHead>Scopes</TableHead>
                <TableHead>Created</TableHead>
                <TableHead>Last used</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {keys.data.map((key) => {
                const status = statusOf(key, now);
                const live = status.label === "Active";
                return (
                  <TableRow key={key.id}>
                    <TableCell className="font-medium">{key.name}</TableCell>
                    <TableCell>
                      <code className="text-xs">{key.prefix}…</code>
                    </TableCell>
                    <TableCell className="text-xs">{key.scopes.join(", ")}</TableCell>
                    <TableCell className="text-xs text-muted-foreground">
                      {fmt(key.createdAt)}
                      {key.createdByName ? ` by ${key.createdByName}` : ""}
                    </TableCell>
                    <TableCell className="text-xs text-muted-foreground">{key.lastUsedAt ? fmt(key.lastUsedAt) : "Never"}</TableCell>
                    <TableCell>
                      <Badge variant={status.variant}>{status.label}</Badge>
                      {live && key.expiresAt ? <span className="block text-xs text-muted-foreground">expires {fmt(key.expiresAt)}</span> : null}
                    </TableCell>
                    <TableCell>
                      {live ? (
                        <div className="flex justify-end gap-2">
                          <ConfirmDialog
                            trigger={<Button size="sm" variant="outline">Rotate</Button>}
                            title={`Rotate “${key.name}”?`}
                            description={`You get a new secret now. The current one keeps working for ${ROTATION_GRACE_HOURS} hours, then stops.`}
                            confirmLabel="Rotate key"
                            onConfirm={() => rotate.mutateAsync({ keyId: key.id }).then(() => undefined)}
                          />
                          <ConfirmDialog
                            trigger={<Button size="sm" variant="ghost">Revoke</Button>}
                            title={`Revoke “${key.name}”?`}
                            description="Requests with this key stop working within seconds. This cannot be undone."
                            confirmLabel="Revoke key"
                            destructive
                            onConfirm={() => revoke.mutateAsync({ keyId: key.id }).then(() => undefined)}
                          />
                        </div>
                      ) : null}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </section>
    </div>
  );
}
