"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
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
        toast({ title: "Single sign-on saved", description: "The identity provider's discovery document checked out.", variant: "success" });
        void refresh();
      },
    }),
  );
  const remove = useMutation(trpc.sso.removeConnection.mutationOptions({ onSuccess: () => (toast({ title: "Single sign-on removed", variant: "success" }), refresh()) }));
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
          <CardTitle>Identity provider</CardTitle>
          <CardDescription>
            Register Atrium as a web application at your provider with this redirect URI, then enter what it gives you.
          </CardDescription>
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-mono break-all" data-testid="sso-callback-url">{callbackUrl}</span>
            <CopyButton value={callbackUrl} label="Redirect URI" />
          </p>
        </CardHeader>
        <CardContent className="space-y-4">
          <div className="space-y-1.5">
            <Label htmlFor="sso-issuer">Issuer URL</Label>
            <Input id="sso-issuer" value={issuer} onChange={(e) => setIssuer(e.target.value)} placeholder="https://login.example.com" disabled={disabled} spellCheck={false} aria-invalid={!!field("issuer")} aria-describedby="sso-issuer-error" />
            <FieldError id="sso-issuer-error">{field("issuer")}</FieldError>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="sso-client-id">Client ID</Label>
            <Input id="sso-client-id" value={clientId} onChange={(e) => setClientId(e.target.value)} disabled={disabled} spellCheck={false} autoComplete="off" aria-invalid={!!field("clientId")} aria-describedby="sso-client-id-error" />
            <FieldError id="sso-client-id-error">{field("clientId")}</FieldError>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="sso-client-secret">Client secret</Label>
            <Input
              id="sso-client-secret"
              type="password"
              value={clientSecret}
              onChange={(e) => setClientSecret(e.target.value)}
              disabled={disabled}
              autoComplete="new-password"
              placeholder={connection?.secretSet ? "Set — leave empty to keep it" : ""}
              aria-invalid={!!field("clientSecret")}
              aria-describedby="sso-client-secret-hint sso-client-secret-error"
            />
            <FieldHint id="sso-client-secret-hint">Stored encrypted and never shown again.</FieldHint>
            <FieldError id="sso-client-secret-error">{field("clientSecret")}</FieldError>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="sso-default-role">Role for people who join through single sign-on</Label>
            <select id="sso-default-role" className={selectClass} value={defaultRole} onChange={(e) => setDefaultRole(e.target.value as Role)} disabled={disabled}>
              <option value="member">Member</option>
              <option value="billing">Billing</option>
              <option value="admin">Admin</option>
            </select>
          </div>
          {general ? <FieldError>{general}</FieldError> : null}
        </CardContent>
        <CardFooter className="flex flex-wrap gap-2">
          <Button type="submit" loading={save.isPending} disabled={disabled}>
            {connection ? "Save changes" : "Save connection"}
          </Button>
          {connection && !disabled ? (
            <ConfirmDialog
              trigger={<Button type="button" variant="ghost">Remove</Button>}
              title="Remove single sign-on?"
              description="People can no longer sign in through your identity provider, and enforcement is turned off. Existing members keep their accounts."
              confirmLabel="Remove single sign-on"
              destructive
              onConfirm={() => remove.mutateAsync().then(() => undefined)}
            />
          ) : null}
        </CardFooter>
      </form>
    </Card>
  );
}
