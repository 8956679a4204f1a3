"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { FieldError, FieldHint, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";
import { CopyButton } from "@/components/settings/copy-button";

type Role = "admin" | "billing" | "member";
type Connection = { issuer: string; clientId: string; secretSet: boolean; defaultRole: string } | null;

const selectClass = "h-10 w-full rounded-md border border-border bg-background px-3 text-base sm:text-sm disabled:opacity-50";

export function SsoConnectionForm({ connection, disabled, callbackUrl }: { connection: Connection; disabled: boolean; callbackUrl: string }) {
  const t = useTranslations("WorkspaceSso.connection");
  const tc = useTranslations("WorkspaceCommon");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [issuer, setIssuer] = useState(connection?.issuer ?? "");
  const [clientId, setClientId] = useState(connection?.clientId ?? "");
  const [clientSecret, setClientSecret] = useState("");
  const [defaultRole, setDefaultRole] = useState<Role>((connection?.defaultRole as Role | undefined) ?? "member");
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.sso.get.queryKey() });
  const save = useMutation(
    trpc.sso.saveConnection.mutationOptions({
      onSuccess: () => {
        setClientSecret("");
        toast({ title: t("saved"), description: t("savedDescription"), variant: "success" });
        void refresh();
      },
    }),
  );
  const remove = useMutation(trpc.sso.removeConnection.mutationOptions({ onSuccess: () => (toast({ title: t("removed"), variant: "success" }), refresh()) }));
  const error = save.error ? toClientError(save.error) : null;
  const field = (name: string) => error?.fieldErrors[name]?.[0];
  const general = error && !Object.keys(error.fieldErrors).length ? error.message : null;
  return (
    <Card>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ issuer, clientId, clientSecret, defaultRole });
        }}
      >
        <CardHeader>
          <CardTitle>{t("title")}</CardTitle>
          <CardDescription>{t("description")}</CardDescription>
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-mono break-all" data-testid="sso-callback-url">{callbackUrl}</span>
            <CopyButton value={callbackUrl} label={t("redirectUri")} />
          </p>
        </CardHeader>
        <CardContent className="space-y-4">
          <div className="space-y-1.5">
            <Label htmlFor="sso-issuer">{t("issuer")}</Label>
            <Input id="sso-issuer" value={issuer} onChange={(e) => setIssuer(e.target.value)} placeholder="https://login.example.com" disabled={disabled} spellCheck={false} aria-invalid={!!field("issuer")} aria-describedby="sso-issuer-error" />
            <FieldError id="sso-issuer-error">{field("issuer")}</FieldError>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="sso-client-id">{t("clientId")}</Label>
            <Input id="sso-client-id" value={clientId} onChange={(e) => setClientId(e.target.value)} disabled={disabled} spellCheck={false} autoComplete="off" aria-invalid={!!field("clientId")} aria-describedby="sso-client-id-error" />
            <FieldError id="sso-client-id-error">{field("clientId")}</FieldError>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="sso-client-secret">{t("clientSecret")}</Label>
            <Input
              id="sso-client-secret"
              type="password"
              value={clientSecret}
              onChange={(e) => setClientSecret(e.target.value)}
              disabled={disabled}
              autoComplete="new-password"
              placeholder={connection?.secretSet ? t("secretSetPlaceholder") : ""}
              aria-invalid={!!field("clientSecret")}
              aria-describedby="sso-client-secret-hint sso-client-secret-error"
            />
            <FieldHint id="sso-client-secret-hint">{t("secretHint")}</FieldHint>
            <FieldError id="sso-client-secret-error">{field("clientSecret")}</FieldError>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="sso-default-role">{t("defaultRole")}</Label>
            <select id="sso-default-role" className={selectClass} value={defaultRole} onChange={(e) => setDefaultRole(e.target.value as Role)} disabled={disabled}>
              <option value="member">{t("role.member")}</option>
              <option value="billing">{t("role.billing")}</option>
              <option value="admin">{t("role.admin")}</option>
            </select>
          </div>
          {general ? <FieldError>{general}</FieldError> : null}
        </CardContent>
        <CardFooter className="flex flex-wrap gap-2">
          <Button type="submit" loading={save.isPending} disabled={disabled}>
            {connection ? tc("saveChanges") : t("saveConnection")}
          </Button>
          {connection && !disabled ? (
            <ConfirmDialog
              trigger={<Button type="button" variant="ghost">{tc("remove")}</Button>}
              title={t("removeTitle")}
              description={t("removeDescription")}
              confirmLabel={t("removeConfirm")}
              destructive
              onConfirm={() => remove.mutateAsync().then(() => undefined)}
            />
          ) : null}
        </CardFooter>
      </form>
    </Card>
  );
}
