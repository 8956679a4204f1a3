import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LifecycleTimeline } from "@/components/operators/lifecycle-timeline";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

import { FEATURE_LABELS, formatLimit, formatMoney, LIMIT_LABELS, PLANS, UNLIMITED, USAGE_METRICS, type Feature, type LimitMetric, type PlanId, type UsageMetric } from "@/lib/plans";
import { env } from "@/server/env";
import { isAppError } from "@/server/errors";
import { getWorkspaceOrThrow } from "@/server/operators/get-workspace";
import { getWorkspaceDetail, type WorkspaceDetail } from "@/server/operators/get-workspace-detail";
import { consoleOperator } from "../../console-operator";
import { UsageBarChart } from "@/components/usage/usage-bar-chart";
import { usageSeries } from "@/server/usage/usage-series";

export const metadata: Metadata = { title: "Atrium" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const when = (d: Date | null | undefined) => (d ? `${dateFormat.format(d)} UTC` : "—");
const planName = (id: string | null) => (id ? (PLANS[id as PlanId]?.name ?? id) : "none");

/** A page in the Stripe dashboard (its test half when the key is a test key). */
function stripeUrl(path: string): string {
  const test = env.STRIPE_SECRET_KEY?.startsWith("sk_test_") || env.STRIPE_SECRET_KEY?.startsWith("rk_test_");
  return `https://dashboard.stripe.com${test ? "/test" : ""}/${path}`;
}

/** Operators: one workspace, everything about it on one page (read-only; the actions are one link away). */
export default async function OperatorWorkspacePage({ params }: { params: Promise<{ id: string }> }) {
  const access = await consoleOperator();
  if (!access) return null;
  const { id } = await params;
  const operator = { id: access.user.id, role: access.role };
  const [workspace, detail, daily] = await (async () => {
    // The audited read first: the database checks this console session and records the view
    // before anything is read from the workspace's own tables.
    const row = await getWorkspaceOrThrow({ ...access.reader, tenantId: id });
    return [row, ...(await Promise.all([getWorkspaceDetail({ operator, tenantId: id }), dailyUsage(row.id)]))] as const;
  })().catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const { tenant } = detail;
  const stripe = detail.provider === "stripe";
  const facts: [string, React.ReactNode][] = [
    ["Owner", workspace.ownerEmail ?? "—"],
    ["MRR", formatMoney(workspace.mrrCents)],
    ["Created", when(workspace.createdAt)],
    ["Trial ends", when(workspace.trialEndsAt)],
    ["Past due since", when(workspace.pastDueSince)],
    ["Last active", when(workspace.lastActiveAt)],
  ];
  return (
    <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-8">
      <div>
        <p className="text-sm font-semibold text-muted-foreground">
          <Link href="/" className="hover:underline">
            Operator console
          </Link>{" "}
          / Workspaces
        </p>
        <h1 className="mt-1 break-words text-3xl font-bold tracking-tight">{tenant.name}</h1>
        <p className="mt-2 flex flex-wrap items-center gap-2 text-muted-foreground">
          <span className="break-all font-mono text-sm">{tenant.slug}</span>
          <Badge variant={tenant.deletedAt ? "destructive" : "outline"}>{tenant.deletedAt ? "deleted" : tenant.status.replace("_", " ")}</Badge>
          {tenant.operatorSuspendedAt ? <Badge variant="destructive">held by an operator</Badge> : null}
        </p>
        <p className="mt-4">
          <Link
            href={`/workspaces/${tenant.id}/actions`}
            className="inline-flex h-9 items-center rounded-md bg-primary px-4 text-sm font-medium text-primary-foreground hover:bg-primary/90 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2"
          >
            Actions and lifecycle changes
          </Link>{" "}
          <Link
            href={`/workspaces/${tenant.id}/support`}
            className="ml-2 inline-flex h-9 items-center rounded-md border border-border px-4 text-sm font-medium hover:bg-muted focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2"
          >
            Support access
          </Link>
        </p>
      </div>

      <nav aria-label="Sections" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {[
          ["overview", "Overview"],
          ["plan", "Plan"],
          ["billing", "Billing"],
          ["usage", "Usage"],
          ["members", "Members"],
          ["domains", "Domains"],
          ["api-keys", "API keys"],
          ["audit", "Audit"],
          ["timeline", "Timeline"],
        ].map(([anchor, label]) => (
          <a key={anchor} href={`#${anchor}`} className="text-primary underline-offset-4 hover:underline">
            {label}
          </a>
        ))}
      </nav>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section id="overview" title="Overview">
          <Facts facts={facts} />
        </Section>
        <PlanSection detail={detail} />
      </div>

      <Section id="billing" title="Subscription and invoices" description={stripe ? "Billed through Stripe: the links open its dashboard." : "Local billing (no Stripe key configured)."}>
        <BillingSection detail={detail} stripe={stripe} />
      </Section>

      <Section id="usage" title="Usage" description={`This period: ${when(detail.usage.period.start)} – ${when(detail.usage.period.end)}.`}>
        <UsageSection detail={detail} />
        <DailyUsage series={daily} />
      </Section>

      <Section id="members" title={`Members (${detail.members.length})`}>
        {detail.members.length === 0 ? (
          <Empty>No members.</Empty>
        ) : (
          <ul className="divide-y divide-border" aria-label="Members">
            {detail.members.map((m) => (
              <li key={m.userId} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2">
                <span className="min-w-0 break-words text-sm font-medium">{m.name ?? "—"}</span>
                <span className="min-w-0 break-all text-sm text-muted-foreground">{m.email}</span>
                <Badge variant="outline">{m.role}</Badge>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="domains" title={`Domains (${detail.domains.length})`}>
        {detail.domains.length === 0 ? (
          <Empty>No custom domains.</Empty>
        ) : (
          <ul className="divide-y divide-border" aria-label="Domains">
            {detail.domains.map((d) => (
              <li key={d.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2">
                <span className="min-w-0 break-all font-mono text-sm">{d.hostname}</span>
                <span className="text-sm text-muted-foreground">
                  <Badge variant={d.status === "verified" ? "outline" : "destructive"}>{d.status}</Badge> added {when(d.createdAt)}
                  {d.disablesAt ? ` · stops routing ${when(d.disablesAt)}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="api-keys" title={`API keys (${detail.apiKeys.length})`} description="Metadata only: secrets and their hashes are never shown.">
        {detail.apiKeys.length === 0 ? (
          <Empty>No API keys.</Empty>
        ) : (
          <ul className="divide-y divide-border" aria-label="API keys">
            {detail.apiKeys.map((k) => (
              <li key={k.id} className="space-y-1 py-2">
                <p className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                  <span className="min-w-0 break-words text-sm font-medium">{k.name}</span>
                  <span className="break-all font-mono text-xs text-muted-foreground">{k.prefix}…</span>
                  {k.revokedAt ? <Badge variant="destructive">revoked {when(k.revokedAt)}</Badge> : k.expiresAt && k.expiresAt < new Date() ? <Badge variant="destructive">expired</Badge> : <Badge variant="outline">active</Badge>}
                </p>
                <p className="break-words text-xs text-muted-foreground">
                  Scopes: {k.scopes.length ? k.scopes.join(", ") : "none"} · created {when(k.createdAt)}
                  {k.createdByName ? ` by ${k.createdByName}` : ""} · last used {k.lastUsedAt ? when(k.lastUsedAt) : "never"}
                  {k.expiresAt ? ` · expires ${when(k.expiresAt)}` : ""}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section
        id="audit"
        title="Recent audit events"
        description={`The newest ${detail.audit.length} of ${detail.auditTotalCapped ? "more than 1,000" : detail.auditTotal.toLocaleString("en-US")}, from the workspace's own log.`}
      >
        {detail.audit.length === 0 ? (
          <Empty>No audit events yet.</Empty>
        ) : (
          <ol className="divide-y divide-border" aria-label="Recent audit events">
            {detail.audit.map((e) => (
              <li key={e.id} className="py-2">
                <p className="break-all font-mono text-sm">{e.action}</p>
                <p className="break-words text-xs text-muted-foreground">
                  {when(e.createdAt)} · {e.actorEmail ?? e.actorName ?? "system"}
                  {e.target ? ` · ${e.target}` : ""}
                </p>
              </li>
            ))}
          </ol>
        )}
      </Section>

      <Section id="timeline" title="Lifecycle timeline" description="Every status change, oldest first, with its cause.">
        <LifecycleTimeline entries={detail.timeline} />
      </Section>
    </main>
  );
}

function Section({ id, title, description, children }: { id: string; title: string; description?: string; children: React.ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="min-w-0 scroll-mt-4">
      <Card className="h-full">
        <CardHeader>
          <CardTitle id={`${id}-title`}>{title}</CardTitle>
          {description ? <CardDescription>{description}</CardDescription> : null}
        </CardHeader>
        <CardContent>{children}</CardContent>
      </Card>
    </section>
  );
}

function Facts({ facts }: { facts: [string, React.ReactNode][] }) {
  return (
    <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
      {facts.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-sm text-muted-foreground">{label}</dt>
          <dd className="min-w-0 break-words text-sm font-medium">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Empty({ children }: { children: React.ReactNode }) {
  return <p className="rounded-md border border-dashed border-border px-3 py-4 text-center text-sm text-muted-foreground">{children}</p>;
}

function PlanSection({ detail }: { detail: WorkspaceDetail }) {
  const { overrides } = detail;
  const features = Object.entries(overrides.features ?? {}) as [Feature, boolean][];
  const limits = Object.entries(overrides.limits ?? {}) as [LimitMetric, number | typeof UNLIMITED][];
  const until = (kind: "features" | "limits", key: string) => {
    const end = (overrides.until?.[kind] as Record<string, string> | undefined)?.[key];
    return end ? ` until ${when(new Date(end))}` : "";
  };
  return (
    <Section id="plan" title="Plan">
      <Facts
        facts={[
          ["Plan", detail.tenant.planId ? planName(detail.tenant.planId) : detail.tenant.status === "trialing" ? "none yet (trial)" : "none"],
          ["Limits and features from", planName(detail.effectivePlanId)],
          ["Status", detail.tenant.status.replace("_", " ")],
        ]}
      />
      <h3 className="mt-4 text-sm font-semibold">Overrides</h3>
      {features.length === 0 && limits.length === 0 ? (
        <p className="mt-1 text-sm text-muted-foreground">None: the plan applies as it is.</p>
      ) : (
        <ul className="mt-1 space-y-1 text-sm" aria-label="Plan overrides">
          {limits.map(([metric, value]) => (
            <li key={metric} className="break-words">
              {LIMIT_LABELS[metric] ?? metric}: <span className="font-medium">{formatLimit(value)}</span>
              <span className="text-muted-foreground">{until("limits", metric)}</span>
            </li>
          ))}
          {features.map(([feature, on]) => (
            <li key={feature} className="break-words">
              {FEATURE_LABELS[feature] ?? feature}: <span className="font-medium">{on ? "on" : "off"}</span>
              <span className="text-muted-foreground">{until("features", feature)}</span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function BillingSection({ detail, stripe }: { detail: WorkspaceDetail; stripe: boolean }) {
  const sub = detail.subscription;
  return (
    <div className="space-y-4">
      {sub ? (
        <Facts
          facts={[
            ["Subscription", `${planName(sub.planId)} · ${sub.interval ?? "—"} · ${(sub.status ?? "none").replace("_", " ")}${sub.cancelAtPeriodEnd ? " (cancels at period end)" : ""}`],
            ["Current period ends", when(sub.currentPeriodEnd)],
            [
              "Customer",
              stripe && sub.customerId ? (
                <a href={stripeUrl(`customers/${encodeURIComponent(sub.customerId)}`)} target="_blank" rel="noreferrer" className="break-all text-primary underline-offset-4 hover:underline">
                  {sub.customerId} (Stripe)
                </a>
              ) : (
                <span className="break-all">{sub.customerId ?? "—"}</span>
              ),
            ],
            [
              "Subscription id",
              stripe && sub.subscriptionId ? (
                <a href={stripeUrl(`subscriptions/${encodeURIComponent(sub.subscriptionId)}`)} target="_blank" rel="noreferrer" className="break-all text-primary underline-offset-4 hover:underline">
                  {sub.subscriptionId} (Stripe)
                </a>
              ) : (
                <span className="break-all">{sub.subscriptionId ?? "—"}</span>
              ),
            ],
          ]}
        />
      ) : (
        <Empty>No subscription: this workspace has never checked out.</Empty>
      )}
      <h3 className="text-sm font-semibold">Invoices</h3>
      {detail.invoices.length === 0 ? (
        <Empty>No invoices.</Empty>
      ) : (
        <ul className="divide-y divide-border" aria-label="Invoices">
          {detail.invoices.map((i) => (
            <li key={i.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2 text-sm">
              <span className="min-w-0 break-all font-medium">
                {stripe ? (
                  <a href={stripeUrl(`invoices/${encodeURIComponent(i.id)}`)} target="_blank" rel="noreferrer" className="text-primary underline-offset-4 hover:underline">
                    {i.number ?? i.id}
                  </a>
                ) : (
                  (i.number ?? i.id)
                )}
              </span>
              <span>{formatMoney(i.amountCents, i.currency)}</span>
              <Badge variant={i.status === "paid" ? "outline" : "destructive"}>{i.status}</Badge>
              <span className="text-muted-foreground">{when(i.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Each metered metric's daily roll-ups over the last 30 days (zero-filled), for the charts below the limits. */
function dailyUsage(tenantId: string) {
  const to = new Date();
  const from = new Date(to.getTime() - 30 * 86_400_000);
  return Promise.all((Object.keys(USAGE_METRICS) as UsageMetric[]).map((metric) => usageSeries({ tenantId, metric, granularity: "day", from, to })));
}

function DailyUsage({ series }: { series: Awaited<ReturnType<typeof dailyUsage>> }) {
  return (
    <div className="mt-6 grid gap-6">
      {series.map((s) => (
        <figure key={s.metric} className="min-w-0">
          <figcaption className="mb-1 text-sm font-medium">
            {USAGE_METRICS[s.metric].label}, daily{" "}
            <span className="font-normal text-muted-foreground">
              · last 30 days · {USAGE_METRICS[s.metric].kind === "gauge" ? "peak" : "total"} {s.total.toLocaleString("en-US")}
            </span>
          </figcaption>
          <UsageBarChart points={s.points} granularity="day" metricLabel={USAGE_METRICS[s.metric].label} total={s.total} />
        </figure>
      ))}
    </div>
  );
}

function UsageSection({ detail }: { detail: WorkspaceDetail }) {
  const metered = (Object.keys(USAGE_METRICS) as UsageMetric[]).map((metric) => ({ label: USAGE_METRICS[metric].label, ...detail.usage.usage[metric] }));
  const counted: { label: string; used: number; limit: number | typeof UNLIMITED }[] = [
    { label: LIMIT_LABELS.members, used: detail.members.length, limit: detail.usage.limits.members },
    { label: LIMIT_LABELS.apiKeys, used: detail.apiKeys.filter((k) => !k.revokedAt).length, limit: detail.usage.limits.apiKeys },
  ];
  const rows = [...metered, ...counted];
  return (
    <div className="space-y-4">
      <ul className="space-y-3" aria-label="Usage against limits">
        {rows.map((row) => {
          const pct = row.limit === UNLIMITED || row.limit <= 0 ? null : Math.min(100, Math.round((row.used / row.limit) * 100));
          return (
            <li key={row.label}>
              <p className="flex flex-wrap justify-between gap-x-2 text-sm">
                <span className="font-medium">{row.label}</span>
                <span className="text-muted-foreground">
                  {row.used.toLocaleString("en-US")} of {formatLimit(row.limit)}
                  {pct !== null ? ` (${pct}%)` : ""}
                </span>
              </p>
              {pct !== null ? (
                <div role="meter" aria-label={row.label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-valuetext={`${pct}% of the limit`} className="mt-1 h-2 w-full overflow-hidden rounded-full bg-muted">
                  <div className={`h-full ${pct >= 100 ? "bg-destructive" : pct >= 80 ? "bg-amber-500" : "bg-primary"}`} style={{ width: `${pct}%` }} />
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      <p className="text-xs text-muted-foreground">
        Other limits: {LIMIT_LABELS.apiRequestsPerMinute} {formatLimit(detail.usage.limits.apiRequestsPerMinute)}.
      </p>
    </div>
  );
}
