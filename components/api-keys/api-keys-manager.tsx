"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { ROTATION_GRACE_HOURS } from "@/lib/api-scopes";
import { INTL_LOCALE } from "@/lib/i18n/locales";
import { CreateApiKeyForm } from "./create-api-key-form";
import { SecretReveal } from "./secret-reveal";

const DATE_OPTIONS: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" };

function statusOf(key: { revokedAt: Date | null; expiresAt: Date | null; replacedBy: string | null }, now: number) {
  if (key.revokedAt) return { kind: "revoked", variant: "outline" } as const;
  if (key.expiresAt && key.expiresAt.getTime() <= now) return { kind: "expired", variant: "outline" } as const;
  if (key.replacedBy) return { kind: "rotated", variant: "warning" } as const;
  return { kind: "active", variant: "success" } as const;
}

/** Keys that count against the plan's limit (manage-api-keys.ts createApiKey): usable and not replaced by a rotation. */
const countsAgainstLimit = (key: { revokedAt: Date | null; expiresAt: Date | null; replacedBy: string | null }, now: number) =>
  !key.revokedAt && !key.replacedBy && !(key.expiresAt && key.expiresAt.getTime() <= now);

/** `keyLimit`: the plan's number of keys ("unlimited"), or null when unknown (a suspended workspace). */
export function ApiKeysManager({ now, keyLimit }: { now: number; keyLimit: number | "unlimited" | null }) {
  const t = useTranslations("WorkspaceApiKeys");
  const tc = useTranslations("WorkspaceCommon");
  const locale = useLocale();
  const dateFormat = useMemo(() => new Intl.DateTimeFormat(INTL_LOCALE[locale], DATE_OPTIONS), [locale]);
  const fmt = (d: Date | null) => (d ? dateFormat.format(d) : "—");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [revealed, setRevealed] = useState<{ secret: string; note?: string } | null>(null);
  const keys = useQuery(trpc.apiKey.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKey.list.queryKey() });
  const onError = (error: unknown) => toast({ title: tc("actionFailed"), description: toClientError(error).message, variant: "error" });
  const revoke = useMutation(trpc.apiKey.revoke.mutationOptions({ onSuccess: () => (toast({ title: t("keyRevoked"), variant: "success" }), refresh()), onError }));
  const rotate = useMutation(
    trpc.apiKey.rotate.mutationOptions({
      onSuccess: (key) => {
        setRevealed({ secret: key.secret, note: t("rotatedNote", { date: fmt(key.oldKeyValidUntil), hours: ROTATION_GRACE_HOURS }) });
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
            {t("keysHeading")}
          </h2>
          {inUse !== null && keyLimit !== null ? (
            <p className="text-sm text-muted-foreground tabular-nums" data-testid="key-count">
              {keyLimit === "unlimited" ? t("countUnlimited", { count: inUse }) : t("countLimited", { count: inUse, limit: keyLimit })}
            </p>
          ) : null}
        </div>
        {keys.isPending ? (
          <p className="text-sm text-muted-foreground" role="status">{t("loading")}</p>
        ) : keys.isError ? (
          <Alert variant="error">{t("loadError", { message: toClientError(keys.error).message })}</Alert>
        ) : keys.data.length === 0 ? (
          <EmptyState title={t("emptyTitle")} description={t("emptyDescription")} />
        ) : (
          <Table stackOnPhone>
            <TableHeader>
              <TableRow>
                <TableHead>{t("column.name")}</TableHead>
                <TableHead>{t("column.key")}</TableHead>
                <TableHead>{t("column.scopes")}</TableHead>
                <TableHead>{t("column.created")}</TableHead>
                <TableHead>{t("column.lastUsed")}</TableHead>
                <TableHead>{t("column.status")}</TableHead>
                <TableHead>
                  <span className="sr-only">{t("column.actions")}</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {keys.data.map((key) => {
                const status = statusOf(key, now);
                const live = status.kind === "active";
                // A rotated key still works until its grace period ends: it can be ended early on its own.
                // An expired one is revoked to free its name.
                const revocable = live || status.kind === "rotated" || (status.kind === "expired" && !key.replacedBy);
                return (
                  <TableRow key={key.id}>
                    <TableCell label={t("column.name")} className="font-medium [overflow-wrap:anywhere]">{key.name}</TableCell>
                    <TableCell label={t("column.key")}>
                      <code className="text-xs">{key.prefix}…</code>
                    </TableCell>
                    <TableCell label={t("column.scopes")} className="text-xs">{key.scopes.join(", ")}</TableCell>
                    <TableCell label={t("column.created")} className="text-xs text-muted-foreground">
                      {key.createdByName ? t("createdBy", { date: fmt(key.createdAt), name: key.createdByName }) : fmt(key.createdAt)}
                    </TableCell>
                    <TableCell label={t("column.lastUsed")} className="text-xs text-muted-foreground">{key.lastUsedAt ? fmt(key.lastUsedAt) : t("never")}</TableCell>
                    <TableCell label={t("column.status")}>
                      <Badge variant={status.variant}>{status.kind === "rotated" ? t("status.rotated", { date: fmt(key.expiresAt) }) : t(`status.${status.kind}`)}</Badge>
                      {live && key.expiresAt ? <span className="block text-xs text-muted-foreground">{t("expiresOn", { date: fmt(key.expiresAt) })}</span> : null}
                    </TableCell>
                    <TableCell>
                      {revocable ? (
                        <div className="flex justify-end gap-2">
                          {live ? (
                            <ConfirmDialog
                              trigger={<Button size="sm" variant="outline">{t("rotate")}</Button>}
                              title={t("rotateTitle", { name: key.name })}
                              description={t("rotateDescription", { hours: ROTATION_GRACE_HOURS })}
                              confirmLabel={t("rotateConfirm")}
                              onConfirm={() => rotate.mutateAsync({ keyId: key.id }).then(() => undefined)}
                            />
                          ) : null}
                          <ConfirmDialog
                            trigger={<Button size="sm" variant="ghost">{t("revoke")}</Button>}
                            title={t("revokeTitle", { name: key.name })}
                            description={t("revokeDescription")}
                            confirmLabel={t("revokeConfirm")}
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
