import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EndGrantButton } from "@/components/support/end-grant-button";
import { StartSupportForm } from "@/components/support/start-support-form";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { isAppError } from "@/server/errors";
import { getWorkspaceOrThrow } from "@/server/operators/get-workspace";
import { consoleOperator } from "../../../console-operator";
import { listSupportGrants, SUPPORT_ACCESS_DEFAULT_MINUTES, SUPPORT_ACCESS_MINUTE_CHOICES, type SupportGrantRow } from "@/server/support/support-access";

export const metadata: Metadata = { title: "Atrium" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function grantState(grant: SupportGrantRow): { label: string; live: boolean } {
  if (grant.endedAt) return { label: `ended ${dateFormat.format(grant.endedAt)} UTC`, live: false };
  if (grant.expired) return { label: grant.redeemed ? "expired" : "expired unused", live: false };
  return { label: grant.redeemed ? "in use" : "not opened yet", live: true };
}

/** Operators: start support access to one workspace ("view as"), and the workspace's recent grants. */
export default async function SupportAccessPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ ended?: string }> }) {
  const access = await consoleOperator();
  if (!access) return null;
  const { id } = await params;
  const { ended } = await searchParams;
  const data = await (async () => {
    // The audited read path first (the database checks this console session and records the view).
    const tenant = await getWorkspaceOrThrow({ ...access.reader, tenantId: id });
    return { tenant, grants: await listSupportGrants(tenant.id) };
  })().catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const { tenant, grants } = data;
  return (
    <main id="main" className="mx-auto max-w-6xl space-y-8 px-4 py-10">
      <div>
        <p className="text-sm font-semibold text-muted-foreground">
          <Link href="/" className="hover:underline">
            Operator console
          </Link>{" "}
          /{" "}
          <Link href={`/workspaces/${tenant.id}`} className="hover:underline">
            {tenant.name}
          </Link>
        </p>
        <h1 className="mt-1 break-words text-3xl font-bold tracking-tight">Support access</h1>
        <p className="mt-2 flex flex-wrap items-center gap-2 text-muted-foreground">
          <span className="break-all font-mono text-sm">{tenant.slug}</span>
          <Badge variant={tenant.deletedAt ? "destructive" : "outline"}>{tenant.deletedAt ? "deleted" : tenant.status.replace("_", " ")}</Badge>
        </p>
      </div>

      {ended ? <Alert variant="success">Support access ended; its session on the workspace is signed out.</Alert> : null}

      <Card>
        <CardHeader>
          <CardTitle>View the workspace as support</CardTitle>
          <CardDescription>
            Time-limited ({SUPPORT_ACCESS_DEFAULT_MINUTES} minutes unless you choose otherwise) and read-only unless an operator admin allows changes. A banner shows on every page while it lasts.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {tenant.deletedAt ? (
            <p className="text-sm text-muted-foreground">This workspace is deleted; restore it before entering it.</p>
          ) : (
            <StartSupportForm tenantId={tenant.id} workspaceName={tenant.name} mayWrite={access.role === "admin"} minuteChoices={SUPPORT_ACCESS_MINUTE_CHOICES} defaultMinutes={SUPPORT_ACCESS_DEFAULT_MINUTES} />
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Recent support access</CardTitle>
          <CardDescription>The workspace&apos;s owners see each of these in their audit log.</CardDescription>
        </CardHeader>
        <CardContent>
          {grants.length === 0 ? (
            <p className="text-sm text-muted-foreground">No support access yet.</p>
          ) : (
            <Table aria-label="Support access grants" scrollRegionLabel="Support access grants, scrolls sideways">
              <TableHeader>
                <TableRow>
                  <TableHead>Started (UTC)</TableHead>
                  <TableHead>Operator</TableHead>
                  <TableHead>Access</TableHead>
                  <TableHead>Reason</TableHead>
                  <TableHead>State</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {grants.map((grant) => {
                  const state = grantState(grant);
                  return (
                    <TableRow key={grant.id}>
                      <TableCell className="whitespace-nowrap">{dateFormat.format(grant.startedAt)}</TableCell>
                      <TableCell className="break-all">{grant.operatorEmail ?? "a former operator"}</TableCell>
                      <TableCell>{grant.write ? <Badge variant="destructive">read and write</Badge> : <Badge variant="outline">read-only</Badge>}</TableCell>
                      <TableCell className="max-w-80 break-words">
                        {grant.reason}
                        {grant.writeReason ? <span className="block text-muted-foreground">Changes: {grant.writeReason}</span> : null}
                      </TableCell>
                      <TableCell>
                        <span className="block">{state.label}</span>
                        {state.live ? <span className="block text-xs text-muted-foreground">until {dateFormat.format(grant.expiresAt)}</span> : null}
                        {state.live ? <EndGrantButton tenantId={tenant.id} grantId={grant.id} /> : null}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </main>
  );
}
