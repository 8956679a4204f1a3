import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OperatorSecondFactorNotice } from "@/components/operators/second-factor-notice";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { formatMoney, PLANS, type PlanId } from "@/lib/plans";
import { readOperatorConsole } from "@/server/auth/operator-access";
import { isAppError } from "@/server/errors";
import { getWorkspaceOrThrow } from "@/server/operators/get-workspace";

export const metadata: Metadata = { title: "Atrium" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const when = (d: Date | null) => (d ? `${dateFormat.format(d)} UTC` : "—");

/** Operators: one workspace, read-only (the full detail page, with actions, is built separately). */
export default async function OperatorWorkspacePage({ params }: { params: Promise<{ id: string }> }) {
  const reader = await readOperatorConsole();
  if (reader.kind === "needs-second-factor") return <OperatorSecondFactorNotice accountUrl={reader.accountUrl} />;
  const { id } = await params;
  const workspace = await getWorkspaceOrThrow({ ...reader.reader, tenantId: id }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const facts: [string, React.ReactNode][] = [
    ["Status", <Badge key="s" variant="outline">{workspace.status.replace("_", " ")}{workspace.deletedAt ? " (deleted)" : ""}</Badge>],
    ["Plan", PLANS[workspace.planId as PlanId]?.name ?? workspace.planId],
    ["Owner", workspace.ownerEmail ?? "—"],
    ["MRR", formatMoney(workspace.mrrCents)],
    ["Usage units, last 30 days", `${workspace.usageUnits.toLocaleString("en-US")}${workspace.overQuota ? " (over quota)" : ""}`],
    ["Stripe customer", workspace.customerId ?? "—"],
    ["Created", when(workspace.createdAt)],
    ["Trial ends", when(workspace.trialEndsAt)],
    ["Past due since", when(workspace.pastDueSince)],
    ["Last active", when(workspace.lastActiveAt)],
  ];
  return (
    <main className="mx-auto max-w-3xl space-y-6 px-4 py-8">
      <div>
        <p className="text-sm font-semibold text-muted-foreground">
          <Link href="/" className="hover:underline">
            Operator console
          </Link>{" "}
          / Workspaces
        </p>
        <h1 className="mt-1 break-words text-3xl font-bold tracking-tight">{workspace.name}</h1>
        <p className="font-mono text-sm text-muted-foreground">{workspace.slug}</p>
        <p className="mt-3">
          <Link href={`/workspaces/${workspace.id}/actions`} className="text-sm font-medium text-primary underline-offset-4 hover:underline">
            Actions and lifecycle timeline
          </Link>
        </p>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Overview</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-[auto_1fr]">
            {facts.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-sm text-muted-foreground">{label}</dt>
                <dd className="break-all text-sm font-medium">{value}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
    </main>
  );
}
