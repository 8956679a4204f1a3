"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { FieldError, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";
import { CopyButton } from "@/components/settings/copy-button";

type Domain = { id: string; domain: string; status: "pending" | "verified"; lastProblem: string | null; record: { name: string; value: string } };

export function SsoDomains({ domains, disabled }: { domains: Domain[]; disabled: boolean }) {
  const t = useTranslations("WorkspaceSso.domains");
  const tc = useTranslations("WorkspaceCommon");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [domain, setDomain] = useState("");
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.sso.get.queryKey() });
  const onError = (error: unknown) => toast({ title: tc("actionFailed"), description: toClientError(error).message, variant: "error" });
  const add = useMutation(trpc.sso.addDomain.mutationOptions({ onSuccess: () => (setDomain(""), refresh()) }));
  const verify = useMutation(
    trpc.sso.verifyDomain.mutationOptions({
      onSuccess: ({ domain: d, problem }) => {
        toast(problem ? { title: t("notVerified", { domain: d.domain }), description: problem, variant: "error" } : { title: t("verified", { domain: d.domain }), variant: "success" });
        void refresh();
      },
      onError,
    }),
  );
  const remove = useMutation(trpc.sso.removeDomain.mutationOptions({ onSuccess: () => refresh(), onError }));
  const addError = add.error ? toClientError(add.error) : null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {!disabled ? (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              add.mutate({ domain });
            }}
          >
            <Label htmlFor="sso-domain">{tc("domain")}</Label>
            <div className="mt-1.5 flex flex-col gap-2 sm:flex-row">
              <Input id="sso-domain" value={domain} onChange={(e) => setDomain(e.target.value)} placeholder="example.com" spellCheck={false} autoComplete="off" aria-invalid={!!addError} aria-describedby="sso-domain-error" className="sm:max-w-sm" />
              <Button type="submit" loading={add.isPending} disabled={!domain.trim()}>
                {tc("addDomain")}
              </Button>
            </div>
            <FieldError id="sso-domain-error">{addError ? (addError.fieldErrors.domain?.[0] ?? addError.message) : null}</FieldError>
          </form>
        ) : null}
        {domains.length === 0 ? <p className="text-sm text-muted-foreground">{t("empty")}</p> : null}
        <ul className="space-y-3" aria-label={t("list")}>
          {domains.map((d) => (
            <li key={d.id} className="space-y-2 rounded-md border border-border p-3">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-mono text-sm break-all">{d.domain}</span>
                <div className="flex items-center gap-2">
                  <Badge variant={d.status === "verified" ? "success" : "outline"}>{d.status === "verified" ? tc("verified") : tc("waitingForDns")}</Badge>
                  {!disabled && d.status !== "verified" ? (
                    <Button size="sm" variant="secondary" loading={verify.isPending && verify.variables?.domainId === d.id} onClick={() => verify.mutate({ domainId: d.id })}>
                      {tc("verify")}
                    </Button>
                  ) : null}
                  {!disabled ? (
                    <ConfirmDialog
                      trigger={<Button size="sm" variant="ghost">{tc("remove")}</Button>}
                      title={tc("removeTitle", { name: d.domain })}
                      description={t("removeDescription")}
                      confirmLabel={tc("removeDomain")}
                      destructive
                      onConfirm={() => remove.mutateAsync({ domainId: d.id }).then(() => undefined)}
                    />
                  ) : null}
                </div>
              </div>
              {d.status !== "verified" ? (
                <div className="space-y-1 text-sm">
                  <p className="text-muted-foreground">{t("createRecord")}</p>
                  <p className="flex items-center gap-2 font-mono text-xs break-all">
                    {d.record.name} <CopyButton value={d.record.name} label={t("txtName")} />
                  </p>
                  <p className="flex items-center gap-2 font-mono text-xs break-all">
                    <span data-testid="sso-txt-value">{d.record.value}</span> <CopyButton value={d.record.value} label={t("txtValue")} />
                  </p>
                  {d.lastProblem ? <Alert variant="info">{d.lastProblem}</Alert> : null}
                </div>
              ) : d.lastProblem ? (
                // Verified, but its record was found missing since (the sweep checks it again).
                <Alert variant="warning" className="break-words">
                  {d.lastProblem}
                </Alert>
              ) : null}
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
