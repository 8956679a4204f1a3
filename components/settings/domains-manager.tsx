"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
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
import { CopyButton } from "./copy-button";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

const STATUS = {
  pending: { label: "Waiting for DNS", variant: "outline" },
  verified: { label: "Verified", variant: "success" },
  failing: { label: "DNS check failing", variant: "warning" },
  disabled: { label: "Disconnected", variant: "destructive" },
} as const;

export function DomainsManager({ protocol, port }: { protocol: string; port: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [hostname, setHostname] = useState("");
  const list = useQuery(trpc.domain.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.domain.list.queryKey() });
  const onError = (error: unknown) => toast({ title: "That did not work", description: toClientError(error).message, variant: "error" });
  const add = useMutation(
    trpc.domain.add.mutationOptions({
      onSuccess: (d) => {
        setHostname("");
        toast({ title: `${d.hostname} added`, description: "Create the two DNS records below, then press Verify.", variant: "success" });
        void refresh();
      },
    }),
  );
  const verify = useMutation(
    trpc.domain.verify.mutationOptions({
      onSuccess: ({ domain, problems }) => {
        if (!problems.length) toast({ title: `${domain.hostname} is verified`, description: "It now leads to this workspace.", variant: "success" });
        else toast({ title: `${domain.hostname} is not ready yet`, description: "See what is missing below.", variant: "error" });
        void refresh();
      },
      onError,
    }),
  );
  const remove = useMutation(trpc.domain.remove.mutationOptions({ onSuccess: () => (toast({ title: "Domain removed", variant: "success" }), refresh()), onError }));
  const addError = add.error ? toClientError(add.error) : null;

  if (list.isPending) return <p className="text-sm text-muted-foreground" role="status">Loading domains…</p>;
  if (list.isError) return <Alert variant="error">Could not load the domains: {toClientError(list.error).message}</Alert>;
  const { domains, allowed, target } = list.data;

  return (
    <div className="space-y-6">
      {!allowed ? (
        <Alert variant="warning" title="Custom domains are a Pro feature">
          Your plan does not include custom domains. <Link href="/dashboard/billing" className="font-medium underline">Upgrade in Billing</Link> to serve this portal from your own domain.
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
              <CardTitle>Add a domain</CardTitle>
              <CardDescription>Use a subdomain you control, such as portal.example.com. Members then reach this workspace there.</CardDescription>
            </CardHeader>
            <CardContent>
              <Label htmlFor="domain-hostname">Domain</Label>
              <div className="mt-1.5 flex gap-2">
                <Input
                  id="domain-hostname"
                  value={hostname}
                  onChange={(e) => setHostname(e.target.value)}
                  placeholder="portal.example.com"
                  autoComplete="off"
                  spellCheck={false}
                  aria-invalid={!!addError}
                  aria-describedby="domain-error"
                  className="max-w-sm"
                />
                <Button type="submit" disabled={add.isPending || !hostname.trim()}>
                  {add.isPending ? "Adding…" : "Add domain"}
                </Button>
              </div>
              <FieldError id="domain-error">{addError ? (addError.fieldErrors.hostname?.[0] ?? addError.message) : null}</FieldError>
            </CardContent>
          </form>
        </Card>
      )}

      {domains.length === 0 ? (
        <EmptyState title="No custom domains" description={`Your workspace is always reachable at its own address. Add a domain to serve it from yours too (CNAME to ${target}).`} />
      ) : (
        <ul className="space-y-4" aria-label="Custom domains">
          {domains.map((d) => {
            const status = STATUS[d.status];
            const busy = verify.isPending && verify.variables?.domainId === d.id;
            return (
              <li key={d.id}>
                <Card>
                  <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-3">
                    <div className="space-y-1">
                      <CardTitle className="font-mono text-base">{d.hostname}</CardTitle>
                      <p className="text-xs text-muted-foreground">
                        {d.lastCheckedAt ? `Last checked ${dateFormat.format(d.lastCheckedAt)} UTC` : "Not checked yet"}
                        {d.verifiedAt ? ` · verified ${dateFormat.format(d.verifiedAt)} UTC` : ""}
                      </p>
                    </div>
                    <div className="flex items-center gap-2">
                      <Badge variant={status.variant}>{status.label}</Badge>
                      <Button size="sm" variant="secondary" disabled={busy || !allowed} onClick={() => verify.mutate({ domainId: d.id })}>
                        {busy ? "Checking…" : "Verify"}
                      </Button>
                      <ConfirmDialog
                        trigger={<Button size="sm" variant="ghost">Remove</Button>}
                        title={`Remove ${d.hostname}?`}
                        description="Requests to this domain stop reaching the workspace at once. You can add it again later (with a new verification record)."
                        confirmLabel="Remove domain"
                        destructive
                        onConfirm={() => remove.mutateAsync({ domainId: d.id }).then(() => undefined)}
                      />
                    </div>
                  </CardHeader>
                  <CardContent className="space-y-4">
                    {d.status === "verified" ? (
                      <p className="text-sm">
                        Live at{" "}
                        <a className="font-medium underline" href={`${protocol}://${d.hostname}${port ? `:${port}` : ""}`} target="_blank" rel="noreferrer">
                          {protocol}://{d.hostname}
                          {port ? `:${port}` : ""}
                        </a>
                        . Keep both records in place: they are checked again regularly.
                      </p>
                    ) : null}
                    {d.status === "failing" && d.disablesAt ? (
                      <Alert variant="warning" title="Fix DNS to keep this domain">
                        The last check failed. The domain keeps working until {dateFormat.format(d.disablesAt)} UTC and is disconnected after that.
                      </Alert>
                    ) : null}
                    {d.status === "disabled" ? <Alert variant="error" title="Disconnected">This domain failed its checks for too long. Fix the records below and press Verify.</Alert> : null}
                    {d.lastProblem && d.status !== "verified" ? (
                      <Alert variant={d.status === "pending" ? "info" : "warning"} title="What is missing">
                        <ul className="list-disc pl-5" data-testid="domain-problems">
                          {d.lastProblem.split("\n").map((p) => (
                            <li key={p}>{p}</li>
                          ))}
                        </ul>
                        <p className="mt-1 text-xs text-muted-foreground">DNS changes can take from a few minutes to a few hours to be visible.</p>
                      </Alert>
                    ) : null}
                    <div>
                      <p className="mb-2 text-sm font-medium">DNS records to create at your DNS provider</p>
                      <div className="overflow-x-auto rounded-md border border-border">
                        <table className="w-full text-left text-sm">
                          <thead className="bg-muted/50 text-xs text-muted-foreground">
                            <tr>
                              <th className="px-3 py-2 font-medium">Type</th>
                              <th className="px-3 py-2 font-medium">Name</th>
                              <th className="px-3 py-2 font-medium">Value</th>
                            </tr>
                          </thead>
                          <tbody>
                            {d.records.map((r) => (
                              <tr key={r.type} className="border-t border-border align-middle">
                                <td className="px-3 py-2 font-mono">{r.type}</td>
                                <td className="px-3 py-2 font-mono">
                                  <span className="flex items-center justify-between gap-2">
                                    <span className="break-all">{r.name}</span>
                                    <CopyButton value={r.name} label={`${r.type} name`} />
                                  </span>
                                </td>
                                <td className="px-3 py-2 font-mono">
                                  <span className="flex items-center justify-between gap-2">
                                    <span className="break-all">{r.value}</span>
                                    <CopyButton value={r.value} label={`${r.type} value`} />
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
