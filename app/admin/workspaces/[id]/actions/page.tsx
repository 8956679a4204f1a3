import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { ActionOutcomeRegion } from "@/components/operators/action-outcome";
import { LifecycleTimeline } from "@/components/operators/lifecycle-timeline";
import { ReasonDialog } from "@/components/operators/reason-dialog";
import { WorkspaceActions } from "@/components/operators/workspace-actions";
import { isAppError } from "@/server/errors";
import { getWorkspaceOrThrow } from "@/server/operators/get-workspace";
import { getWorkspaceForActions } from "@/server/operators/get-workspace-for-actions";
import { getWorkspaceTimeline } from "@/server/operators/get-workspace-timeline";
import { consoleOperator } from "../../../console-operator";

export const metadata: Metadata = { title: "Atrium" };

/** Operators: the actions on one workspace and its lifecycle timeline (the detail page mounts the same pieces). */
export default async function WorkspaceActionsPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await consoleOperator();
  if (!access) return null;
  const { id } = await params;
  const operator = { id: access.user.id, role: access.role };
  const data = await (async () => {
    // First the audited read path: the database checks this console session and records the view
    // (workspace.viewed) before the page reads the workspace's invitations and timeline.
    await getWorkspaceOrThrow({ ...access.reader, tenantId: id });
    return Promise.all([getWorkspaceForActions({ operator, tenantId: id }), getWorkspaceTimeline({ operator, tenantId: id })]);
  })().catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const [{ tenant, invitations }, timeline] = data;
  return (
    <main id="main" className="mx-auto max-w-6xl space-y-8 px-4 py-10">
      <div>
        <p className="text-sm font-semibold text-muted-foreground">
          <Link href="/" className="hover:underline">
            Operator console
          </Link>
        </p>
        <h1 className="mt-1 break-words text-3xl font-bold tracking-tight">{tenant.name}</h1>
        <p className="mt-2 flex flex-wrap items-center gap-2 text-muted-foreground">
          <span className="font-mono text-sm">{tenant.slug}</span>
          <Badge variant={tenant.deletedAt ? "destructive" : "outline"}>{tenant.deletedAt ? "deleted" : tenant.status.replace("_", " ")}</Badge>
          {tenant.operatorSuspendedAt ? <Badge variant="destructive">held by an operator</Badge> : null}
          <span className="text-sm">Plan: {tenant.planId ?? "none"}</span>
        </p>
      </div>

      <ActionOutcomeRegion>
        <Card>
          <CardHeader>
            <CardTitle>Actions</CardTitle>
            <CardDescription>Each asks for a reason, recorded in the operator audit log and in the workspace&apos;s own. Owners are told by email where it affects them.</CardDescription>
          </CardHeader>
          <CardContent>
            <WorkspaceActions tenantId={tenant.id} status={tenant.status} deleted={tenant.deletedAt !== null} />
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Accounts</CardTitle>
            <CardDescription>Pending invitations of this workspace, and help for a member who is locked out.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            {invitations.length === 0 ? <p className="text-sm text-muted-foreground">No pending invitations.</p> : null}
            <ul className="space-y-3">
              {invitations.map((invitation) => (
                <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-2">
                  <span className="break-all text-sm">
                    {invitation.email} <span className="text-muted-foreground">({invitation.role})</span>
                  </span>
                  <ReasonDialog action="resend-invitation" tenantId={tenant.id} values={{ invitationId: invitation.id }} label="Resend" title={`Resend the invitation to ${invitation.email}`} description="A new link, valid seven more days; the old one stops working." confirmLabel="Resend invitation" />
                </li>
              ))}
            </ul>
            <div className="flex flex-wrap gap-4">
              <ReasonDialog action="resend-verification" tenantId={tenant.id} label="Resend a verification email" title="Resend a verification email" description="To a user whose address is not verified yet." confirmLabel="Send">
                <label htmlFor="verify-user" className="text-sm font-medium">
                  User id
                </label>
                <Input id="verify-user" name="userId" required maxLength={64} />
              </ReasonDialog>
              <ReasonDialog action="reset-second-factor" tenantId={tenant.id} label="Reset a second factor" title="Reset a user's second factor" description="Removes their authenticator app and recovery codes (and passkeys if ticked). Check their identity first." confirmLabel="Reset" destructive>
                <label htmlFor="reset-user" className="text-sm font-medium">
                  User id
                </label>
                <Input id="reset-user" name="userId" required maxLength={64} />
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="includePasskeys" /> Passkeys too
                </label>
              </ReasonDialog>
            </div>
          </CardContent>
        </Card>
      </ActionOutcomeRegion>

      <Card>
        <CardHeader>
          <CardTitle>Lifecycle timeline</CardTitle>
          <CardDescription>Every status change, oldest first, with its cause.</CardDescription>
        </CardHeader>
        <CardContent>
          <LifecycleTimeline entries={timeline} />
        </CardContent>
      </Card>
    </main>
  );
}
