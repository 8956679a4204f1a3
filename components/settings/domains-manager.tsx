"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useMemo, useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FieldError, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";
import { INTL_LOCALE } from "@/lib/i18n/locales";
import { CopyButton } from "./copy-button";

const DATE_OPTIONS: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" };

const STATUS_VARIANT = { pending: "outline", verified: "success", failing: "warning", disabled: "destructive" } as const;

export function DomainsManager({ protocol, port }: { protocol: string; port: string | null }) {
  const t = useTranslations("WorkspaceDomains");
  const tc = useTranslations("WorkspaceCommon");
  const locale = useLocale();
  const dateFormat = useMemo(() => new Intl.DateTimeFormat(INTL_LOCALE[locale], DATE_OPTIONS), [locale]);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [hostname, setHostname] = useState("");
  const list = useQuery(trpc.domain.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.domain.list.queryKey() });
  const onError = (error: unknown) => toast({ title: tc("actionFailed"), description: toClientError(error).message, variant: "error" });
  const add = useMutation(
    trpc.domain.add.mutationOptions({
      onSuccess: (d) => {
        setHostname("");
        toast({ title: t("added", { hostname: d.hostname }), description: t("addedDescription"), variant: "success" });
        void refresh();
      },
    }),
  );
  const verify = useMutation(
    trpc.domain.verify.mutationOptions({
      onSuccess: ({ domain, problems }) => {
        if (!problems.length) toast({ title: t("verifiedToast", { hostname: domain.hostname }), description: t("verifiedToastDescription"), variant: "success" });
        else toast({ title: t("notReady", { hostname: domain.hostname }), description: t("notReadyDescription"), variant: "error" });
        void refresh();
      },
      onError,
    }),
  );
  const remove = useMutation(trpc.domain.remove.mutationOptions({ onSuccess: () => (toast({ title: t("removed"), variant: "success" }), refresh()), onError }));
  const addError = add.error ? toClientError(add.error) : null;

  if (list.isPending) return <p className="text-sm text-muted-foreground" role="status">{t("loading")}</p>;
  if (list.isError) return <Alert variant="error">{t("loadError", { message: toClientError(list.error).message })}</Alert>;
  const { domains, allowed, target } = list.data;

  return (
    <div className="space-y-6">
      {!allowed ? (
        <Alert variant="warning" title={t("proTitle")}>
          {t.rich("proBody", {
            link: (chunks) => (
              <Link href="/dashboard/billing" className="font-medium underline">
                {chunks}
              </Link>
            ),
          })}
        </Alert>
      ) : (
        <Card>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              add.mutate({ hostname });
            }}
          >
            <CardHeader>
              <CardTitle>{t("addTitle")}</CardTitle>
              <CardDescription>{t("addDescription")}</CardDescription>
            </CardHeader>
            <CardContent>
              <Label htmlFor="domain-hostname">{tc("domain")}</Label>
              {/* Stacked on a phone: beside the input, the German button leaves it too narrow to read. */}
              <div className="mt-1.5 flex flex-col gap-2 sm:flex-row">
                <Input
                  id="domain-hostname"
                  value={hostname}
                  onChange={(e) => setHostname(e.target.value)}
                  placeholder="portal.example.com"
                  autoComplete="off"
                  spellCheck={false}
                  aria-invalid={!!addError}
                  aria-describedby="domain-error"
                  className="sm:max-w-sm"
                />
                <Button type="submit" disabled={add.isPending || !hostname.trim()}>
                  {add.isPending ? t("adding") : tc("addDomain")}
                </Button>
              </div>
              <FieldError id="domain-error">{addError ? (addError.fieldErrors.hostname?.[0] ?? addError.message) : null}</FieldError>
            </CardContent>
          </form>
        </Card>
      )}

      {domains.length === 0 ? (
        <EmptyState title={t("emptyTitle")} description={t("emptyDescription", { target })} />
      ) : (
        <ul className="space-y-4" aria-label={t("list")}>
          {domains.map((d) => {
            const statusVariant = STATUS_VARIANT[d.status];
            const busy = verify.isPending && verify.variables?.domainId === d.id;
            return (
              <li key={d.id}>
                <Card>
                  <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-3">
                    <div className="space-y-1">
                      <CardTitle className="font-mono text-base">{d.hostname}</CardTitle>
                      <p className="text-xs text-muted-foreground">
                        {d.lastCheckedAt ? t("lastChecked", { date: dateFormat.format(d.lastCheckedAt) }) : t("notChecked")}
                        {d.verifiedAt ? t("verifiedAt", { date: dateFormat.format(d.verifiedAt) }) : ""}
                      </p>
                    </div>
                    <div className="flex items-center gap-2">
                      <Badge variant={statusVariant}>{t(`status.${d.status}`)}</Badge>
                      <Button size="sm" variant="secondary" disabled={busy || !allowed} onClick={() => verify.mutate({ domainId: d.id })}>
                        {busy ? t("checking") : tc("verify")}
                      </Button>
                      <ConfirmDialog
                        trigger={<Button size="sm" variant="ghost">{tc("remove")}</Button>}
                        title={tc("removeTitle", { name: d.hostname })}
                        description={t("removeDescription")}
                        confirmLabel={tc("removeDomain")}
                        destructive
                        onConfirm={() => remove.mutateAsync({ domainId: d.id }).then(() => undefined)}
                      />
                    </div>
                  </CardHeader>
                  <CardContent className="space-y-4">
                    {d.status === "verified" ? (
                      <p className="text-sm">
                        {t.rich("liveAt", {
                          url: `${protocol}://${d.hostname}${port ? `:${port}` : ""}`,
                          link: (chunks) => (
                            <a className="font-medium underline" href={`${protocol}://${d.hostname}${port ? `:${port}` : ""}`} target="_blank" rel="noreferrer">
                              {chunks}
                            </a>
                          ),
                        })}
                      </p>
                    ) : null}
                    {d.status === "failing" && d.disablesAt ? (
                      <Alert variant="warning" title={t("fixTitle")}>
                        {t("fixBody", { date: dateFormat.format(d.disablesAt) })}
                      </Alert>
                    ) : null}
                    {d.status === "disabled" ? <Alert variant="error" title={t("disconnectedTitle")}>
                        {t("disconnectedBody")}
                      </Alert> : null}
                    {d.lastProblem && d.status !== "verified" ? (
                      <Alert variant={d.status === "pending" ? "info" : "warning"} title={t("missingTitle")}>
                        <ul className="list-disc pl-5" data-testid="domain-problems">
                          {d.lastProblem.split("\n").map((p) => (
                            <li key={p}>{p}</li>
                          ))}
                        </ul>
                        <p className="mt-1 text-xs text-muted-foreground">{t("propagation")}</p>
                      </Alert>
                    ) : null}
                    <div>
                      <p className="mb-2 text-sm font-medium">{t("recordsTitle")}</p>
                      <div className="overflow-x-auto rounded-md border border-border">
                        <table className="w-full text-left text-sm">
                          <thead className="bg-muted/50 text-xs text-muted-foreground">
                            <tr>
                              <th className="px-3 py-2 font-medium">{t("column.type")}</th>
                              <th className="px-3 py-2 font-medium">{t("column.name")}</th>
                              <th className="px-3 py-2 font-medium">{t("column.value")}</th>
                            </tr>
                          </thead>
                          <tbody>
                            {d.records.map((r) => (
                              <tr key={r.type} className="border-t border-border align-middle">
                                <td className="px-3 py-2 font-mono">{r.type}</td>
                                <td className="px-3 py-2 font-mono">
                                  <span className="flex items-center justify-between gap-2">
                                    <span className="break-all">{r.name}</span>
                                    <CopyButton value={r.name} label={t("copyName", { type: r.type })} />
                                  </span>
                                </td>
                                <td className="px-3 py-2 font-mono">
                                  <span className="flex items-center justify-between gap-2">
                                    <span className="break-all">{r.value}</span>
                                    <CopyButton value={r.value} label={t("copyValue", { type: r.type })} />
                                  </span>
                                </td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </div>
                    </div>
                  </CardContent>
                </Card>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
