"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { API_SCOPES, type ApiScope } from "@/lib/api-scopes";

/** Each scope's message (lib/api-scopes.ts SCOPE_LABELS, in the person's language). */
const SCOPE_KEYS = { "usage:write": "usageWrite", "usage:read": "usageRead", "tenant:read": "tenantRead", "events:read": "eventsRead" } as const satisfies Record<ApiScope, string>;

/** `full`: the plan's key limit when every key it allows is in use (the server refuses one more), else null. */
export function CreateApiKeyForm({ onCreated, full = null }: { onCreated: (secret: string) => void; full?: number | null }) {
  const t = useTranslations("WorkspaceApiKeys.create");
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiScope[]>(["usage:write", "usage:read"]);
  const [expires, setExpires] = useState<string>("");
  const create = useMutation(
    trpc.apiKey.create.mutationOptions({
      onSuccess: (key) => {
        setName("");
        onCreated(key.secret);
      },
    }),
  );
  const error = create.error ? toClientError(create.error) : null;
  return (
    <Card>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name, scopes, expiresInDays: expires ? Number(expires) : null });
        }}
      >
        <CardHeader>
          <CardTitle>{t("title")}</CardTitle>
          <CardDescription>{t("description")}</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {error && !Object.keys(error.fieldErrors).length ? <FieldError>{error.message}</FieldError> : null}
          {full !== null ? (
            <p className="rounded-md border border-border bg-muted px-3 py-2 text-sm" data-testid="key-limit-reached">
              {t.rich("limitReached", {
                count: full,
                link: (chunks) => (
                  <a className="font-medium underline" href="/dashboard/billing">
                    {chunks}
                  </a>
                ),
              })}
            </p>
          ) : null}
          <div className="space-y-1.5">
            <Label htmlFor="key-name">{t("nameLabel")}</Label>
            <p id="key-name-hint" className="text-sm text-muted-foreground">
              {t("nameHint")}
            </p>
            <Input id="key-name" value={name} maxLength={64} placeholder={t("namePlaceholder")} onChange={(e) => setName(e.target.value)} aria-invalid={!!error?.fieldErrors.name} aria-describedby="key-name-hint" />
            <FieldError>{error?.fieldErrors.name?.[0]}</FieldError>
          </div>
          <fieldset className="space-y-1.5">
            <legend className="text-sm font-medium">{t("scopes")}</legend>
            {API_SCOPES.map((scope) => (
              <label key={scope} className="flex items-center gap-2 text-sm pointer-coarse:min-h-10">
                <input
                  type="checkbox"
                  className="size-4 shrink-0 accent-primary"
                  checked={scopes.includes(scope)}
                  onChange={(e) => setScopes((s) => (e.target.checked ? [...s, scope] : s.filter((x) => x !== scope)))}
                />
                <code className="text-xs">{scope}</code>
                <span className="text-muted-foreground">{t(`scope.${SCOPE_KEYS[scope]}`)}</span>
              </label>
            ))}
            <FieldError>{error?.fieldErrors.scopes?.[0]}</FieldError>
          </fieldset>
          <div className="space-y-1.5">
            <Label htmlFor="key-expiry">{t("expires")}</Label>
            <select id="key-expiry" value={expires} onChange={(e) => setExpires(e.target.value)} className="block h-10 rounded-md border border-border bg-background px-3 text-sm">
              <option value="">{t("never")}</option>
              <option value="30">{t("in30Days")}</option>
              <option value="90">{t("in90Days")}</option>
              <option value="365">{t("inAYear")}</option>
            </select>
          </div>
        </CardContent>
        <CardFooter>
          <Button type="submit" loading={create.isPending} disabled={!name.trim() || scopes.length === 0 || full !== null}>
            {t("submit")}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
