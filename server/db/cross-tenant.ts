import "server-only";
import { sql } from "drizzle-orm";
import type { MembershipRole } from "./schema/memberships";
import type { TenantStatus } from "./schema/tenants";
import type { PlanOverrides } from "../billing/entitlements";
import { AppError } from "../errors";
import { getDb, type Transaction } from "./client";

// The only reads that cross tenants. Each calls a SECURITY DEFINER function from
// drizzle/0001_rls_grants_functions.sql and is tested in cross-tenant.test.ts.

export type TenantRoute = { id: string; slug: string; name: string; status: TenantStatus };

/** Host resolution (proxy.ts, tRPC context). */
export async function findTenantBySlug(slug: string): Promise<TenantRoute | null> {
  const rows = await getDb().execute<TenantRoute>(sql`select * from atrium_tenant_by_slug(${slug})`);
  return rows[0] ?? null;
}

/** Sign-up: whether a slug is free. */
export async function isSlugTaken(slug: string): Promise<boolean> {
  const rows = await getDb().execute<{ taken: boolean }>(sql`select atrium_slug_taken(${slug}) as taken`);
  return rows[0]?.taken ?? false;
}

export type UserWorkspace = {
  tenantId: string;
  slug: string;
  name: string;
  status: TenantStatus;
  role: MembershipRole;
};

/** Sign-in landing and the workspace switcher: the user's own memberships only. */
export async function listUserWorkspaces(userId: string, tx: Pick<Transaction, "execute"> = getDb()): Promise<UserWorkspace[]> {
  const rows = await tx.execute<{
    tenant_id: string;
    slug: string;
    name: string;
    status: TenantStatus;
    role: MembershipRole;
  }>(sql`select * from atrium_user_workspaces(${userId})`);
  return rows.map((r) => ({ tenantId: r.tenant_id, slug: r.slug, name: r.name, status: r.status, role: r.role }));
}

/** Stripe webhooks: the tenant a billing customer belongs to. */
export async function findTenantByBillingCustomer(customerId: string): Promise<string | null> {
  const rows = await getDb().execute<{ tenant_id: string | null }>(
    sql`select atrium_tenant_by_billing_customer(${customerId}) as tenant_id`,
  );
  return rows[0]?.tenant_id ?? null;
}

/** Lifecycle sweep: tenants that may need a transition, reminder or (local) renewal. */
export async function listLifecycleCandidates(trialHorizon: Date, now: Date): Promise<string[]> {
  const rows = await getDb().execute<{ tenant_id: string }>(
    sql`select tenant_id from atrium_lifecycle_candidates(${trialHorizon.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)`,
  );
  return rows.map((r) => r.tenant_id);
}

export type ApiKeyRecord = { tenantId: string; keyId: string; scopes: string[]; expiresAt: Date | null; revokedAt: Date | null };

/** The public API: the key (by SHA-256 of its secret) and its tenant. */
export async function findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | null> {
  const rows = await getDb().execute<{ tenant_id: string; key_id: string; scopes: string[]; expires_at: string | null; revoked_at: string | null }>(
    sql`select * from atrium_api_key_by_hash(${keyHash})`,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    tenantId: row.tenant_id,
    keyId: row.key_id,
    scopes: row.scopes,
    expiresAt: row.expires_at ? new Date(row.expires_at) : null,
    revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
  };
}

/** Overage reporter: tenants with usage overage not yet reported. */
export async function listTenantsWithPendingOverage(limit: number): Promise<string[]> {
  const rows = await getDb().execute<{ tenant_id: string }>(sql`select tenant_id from atrium_tenants_with_pending_overage(${limit})`);
  return rows.map((r) => r.tenant_id);
}

export type InvitationLookup = {
  tenantId: string;
  invitationId: string;
  email: string;
  role: MembershipRole;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  tenantSlug: string;
  tenantName: string;
};

/** The invitation accept page: the invitation a token belongs to (the token is the secret). */
export async function findInvitationByTokenHash(tokenHash: string): Promise<InvitationLookup | null> {
  const rows = await getDb().execute<Record<string, string | null>>(sql`select * from atrium_invitation_by_token(${tokenHash})`);
  const r = rows[0];
  if (!r) return null;
  return {
    tenantId: r.tenant_id!,
    invitationId: r.invitation_id!,
    email: r.email!,
    role: r.role as MembershipRole,
    expiresAt: new Date(r.expires_at!),
    acceptedAt: r.accepted_at ? new Date(r.accepted_at) : null,
    revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
    tenantSlug: r.tenant_slug!,
    tenantName: r.tenant_name!,
  };
}

/** The purge: deleted workspaces whose retention period is over. */
export async function listTenantsToPurge(deletedBefore: Date): Promise<string[]> {
  const rows = await getDb().execute<{ tenant_id: string }>(sql`select tenant_id from atrium_tenants_to_purge(${deletedBefore.toISOString()}::timestamptz)`);
  return rows.map((r) => r.tenant_id);
}

/** Billing jobs that are due (deleted workspaces included): ids only, claimed per tenant. */
export async function listDueBillingJobs(now: Date, limit: number): Promise<{ tenantId: string; jobId: string }[]> {
  const rows = await getDb().execute<{ tenant_id: string; job_id: string }>(
    sql`select tenant_id, job_id from atrium_due_billing_jobs(${now.toISOString()}::timestamptz, ${limit})`,
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, jobId: r.job_id }));
}

/** Host resolution for custom domains (proxy.ts, tRPC context): verified domains only. */
export async function findTenantByDomain(hostname: string): Promise<TenantRoute | null> {
  const rows = await getDb().execute<TenantRoute>(sql`select * from atrium_tenant_by_domain(${hostname})`);
  return rows[0] ?? null;
}

/** Adding or verifying a domain: whether another workspace already routes it. */
export async function isDomainRoutedElsewhere(hostname: string, tenantId: string, tx: Pick<Transaction, "execute"> = getDb()): Promise<boolean> {
  const rows = await tx.execute<{ routed: boolean }>(sql`select atrium_domain_routed_elsewhere(${hostname}, ${tenantId}::uuid) as routed`);
  return rows[0]?.routed ?? false;
}

/** The sweep: routed domains due for a DNS re-check. */
export async function listDomainsToRecheck(checkedBefore: Date): Promise<{ tenantId: string; domainId: string }[]> {
  const rows = await getDb().execute<{ tenant_id: string; domain_id: string }>(
    sql`select * from atrium_domains_to_recheck(${checkedBefore.toISOString()}::timestamptz)`,
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, domainId: r.domain_id }));
}

/** The sweep: verified SSO email domains whose last check is older than `checkedBefore`. */
export async function listSsoDomainsToRecheck(checkedBefore: Date): Promise<{ tenantId: string; domainId: string }[]> {
  const rows = await getDb().execute<{ tenant_id: string; domain_id: string }>(
    sql`select * from atrium_sso_domains_to_recheck(${checkedBefore.toISOString()}::timestamptz)`,
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, domainId: r.domain_id }));
}

/** The sweep: workspace exports to (re)start or to expire. */
export async function listExportsToProcess(staleBefore: Date, now: Date): Promise<{ tenantId: string; exportId: string }[]> {
  const rows = await getDb().execute<{ tenant_id: string; export_id: string }>(
    sql`select * from atrium_exports_to_process(${staleBefore.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)`,
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, exportId: r.export_id }));
}

/** Verifying an SSO email domain: whether another workspace has verified it already. */
export async function isSsoDomainVerifiedElsewhere(domain: string, tenantId: string, tx: Pick<Transaction, "execute"> = getDb()): Promise<boolean> {
  const rows = await tx.execute<{ taken: boolean }>(sql`select atrium_sso_domain_verified_elsewhere(${domain}, ${tenantId}::uuid) as taken`);
  return rows[0]?.taken ?? false;
}

export type SsoRoute = { tenantId: string; slug: string; connectionId: string };

/** Sign-in routing: the workspace that verified this email domain and has an enabled connection. */
export async function findSsoRouteForDomain(domain: string): Promise<SsoRoute | null> {
  const rows = await getDb().execute<{ tenant_id: string; slug: string; connection_id: string }>(sql`select * from atrium_sso_route_for_domain(${domain.toLowerCase()})`);
  const r = rows[0];
  return r ? { tenantId: r.tenant_id, slug: r.slug, connectionId: r.connection_id } : null;
}

/** The account page: the user's own workspaces whose owners require a second factor. */
export async function listWorkspacesRequiringTwoFactor(userId: string): Promise<{ slug: string; name: string }[]> {
  return [...(await getDb().execute<{ slug: string; name: string }>(sql`select slug, name from atrium_user_workspaces_requiring_two_factor(${userId})`))];
}

/**
 * The operator console's revenue figures: sums and counts across workspaces, never a row of one.
 * The function refuses anything but an operator's live console session and writes the call to the
 * operator audit log itself (drizzle/0030_mrr_movements.sql), so this read cannot happen unrecorded.
 */
export async function readOperatorRevenue(options: { sessionId: string | null; meta: { ip: string | null; userAgent: string | null }; months: number; now: Date }): Promise<unknown> {
  if (!options.sessionId) {
    await recordOperatorRefusal({ sessionId: null, action: "revenue.read", target: "platform", tenantId: null, meta: options.meta });
    throw new AppError("NOT_FOUND", "Not found.");
  }
  try {
    const rows = await getDb().execute<{ report: unknown }>(
      sql`select atrium_operator_revenue(${options.sessionId}::uuid, ${options.months}::integer, ${options.now.toISOString()}::timestamptz, ${JSON.stringify(options.meta)}::jsonb) as report`,
    );
    return rows[0]?.report ?? null;
  } catch (error) {
    // Not an operator: told nothing, like every other console read. A bad range: the caller's fault.
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === "42501") {
      await recordOperatorRefusal({ sessionId: options.sessionId, action: "revenue.read", target: "platform", tenantId: null, meta: options.meta });
      throw new AppError("NOT_FOUND", "Not found.");
    }
    if (code === "22023") throw new AppError("BAD_REQUEST", "Choose between 1 and 36 months.");
    throw error;
  }
}

// The operator console (drizzle/0028): each call presents the operator's console session and is
// written to operator_audit_events by the function itself; anyone else is refused (SQLSTATE 42501).

export type OperatorWorkspaceRow = {
  id: string;
  slug: string;
  name: string;
  status: TenantStatus;
  planId: string;
  createdAt: Date;
  trialEndsAt: Date | null;
  pastDueSince: Date | null;
  deletedAt: Date | null;
  ownerEmail: string | null;
  customerId: string | null;
  mrrCents: number;
  usageUnits: number;
  lastActiveAt: Date | null;
  overQuota: boolean;
};

type OperatorWorkspaceDbRow = {
  id: string;
  slug: string;
  name: string;
  status: TenantStatus;
  plan_id: string;
  created_at: string;
  trial_ends_at: string | null;
  past_due_since: string | null;
  deleted_at: string | null;
  owner_email: string | null;
  customer_id: string | null;
  mrr_cents: string;
  usage_units: string;
  last_active_at: string | null;
  over_quota: boolean;
  sort_key?: string;
};

const dateOrNull = (v: string | null) => (v ? new Date(v) : null);

function operatorWorkspaceRow(r: OperatorWorkspaceDbRow): OperatorWorkspaceRow {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    status: r.status,
    planId: r.plan_id,
    createdAt: new Date(r.created_at),
    trialEndsAt: dateOrNull(r.trial_ends_at),
    pastDueSince: dateOrNull(r.past_due_since),
    deletedAt: dateOrNull(r.deleted_at),
    ownerEmail: r.owner_email,
    customerId: r.customer_id,
    mrrCents: Number(r.mrr_cents),
    usageUnits: Number(r.usage_units),
    lastActiveAt: dateOrNull(r.last_active_at),
    overQuota: r.over_quota,
  };
}

export type OperatorReadCall = { sessionId: string; plans: unknown; meta: { ip: string | null; userAgent: string | null } };

/** The console's workspace list (one page, sorted and filtered as `query` says). */
export async function operatorListWorkspaces(
  call: OperatorReadCall & { query: Record<string, unknown>; purpose: "workspaces.list" | "workspaces.export" },
): Promise<(OperatorWorkspaceRow & { sortKey: string })[]> {
  const rows = await getDb().execute<OperatorWorkspaceDbRow>(sql`
    select id, slug, name, status, plan_id, created_at::text, trial_ends_at::text, past_due_since::text, deleted_at::text,
           owner_email, customer_id, mrr_cents::text, usage_units::text, last_active_at::text, over_quota, sort_key::text
    from atrium_operator_list_workspaces(${call.sessionId}::uuid, ${JSON.stringify(call.query)}::jsonb, ${JSON.stringify(call.plans)}::jsonb,
                                         ${JSON.stringify(call.meta)}::jsonb, ${call.purpose})`);
  return rows.map((r) => ({ ...operatorWorkspaceRow(r), sortKey: r.sort_key! }));
}

/** The console's workspace detail. */
export async function operatorGetWorkspace(call: OperatorReadCall & { tenantId: string }): Promise<OperatorWorkspaceRow | null> {
  const rows = await getDb().execute<OperatorWorkspaceDbRow>(sql`
    select id, slug, name, status, plan_id, created_at::text, trial_ends_at::text, past_due_since::text, deleted_at::text,
           owner_email, customer_id, mrr_cents::text, usage_units::text, last_active_at::text, over_quota
    from atrium_operator_get_workspace(${call.sessionId}::uuid, ${call.tenantId}::uuid, ${JSON.stringify(call.plans)}::jsonb, ${JSON.stringify(call.meta)}::jsonb)`);
  return rows[0] ? operatorWorkspaceRow(rows[0]) : null;
}

export type OperatorSlaMinutesRow = {
  id: string;
  slug: string;
  name: string;
  planId: string | null;
  status: TenantStatus;
  planOverrides: PlanOverrides;
  createdAt: Date;
  requests: number;
  serverErrors: number;
  latencyBuckets: number[];
  /** Minutes (their start, ms) bad by the workspace's own errors under the rule passed in. */
  errorMinutes: number[];
};

/**
 * The console's SLA list (drizzle/0037): every workspace's totals for [from, to) and only the
 * minutes its own errors made bad, judged in the database by the rule the caller passes (the
 * constants of lib/sla.ts). Audited as `sla.read`; refused (42501) without a console session.
 */
export async function operatorSlaMinutes(call: { sessionId: string; from: Date; to: Date; minRequests: number; errorRate: number; meta: { ip: string | null; userAgent: string | null } }): Promise<OperatorSlaMinutesRow[]> {
  const rows = await getDb().execute<{
    id: string;
    slug: string;
    name: string;
    plan_id: string | null;
    status: TenantStatus;
    plan_overrides: PlanOverrides | null;
    created_at: string;
    requests: string;
    server_errors: string;
    latency_buckets: string[];
    error_minutes: string[];
  }>(sql`
    select id, slug, name, plan_id, status, plan_overrides, created_at::text, requests::text, server_errors::text,
           latency_buckets::text[] as latency_buckets,
           array(select (extract(epoch from m) * 1000)::bigint::text from unnest(error_minutes) as m) as error_minutes
    from atrium_operator_sla_minutes(${call.sessionId}::uuid, ${call.from.toISOString()}::timestamptz, ${call.to.toISOString()}::timestamptz,
                                     ${call.minRequests}::integer, ${call.errorRate}::double precision, ${JSON.stringify(call.meta)}::jsonb)`);
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    planId: r.plan_id,
    status: r.status,
    planOverrides: r.plan_overrides ?? {},
    createdAt: new Date(r.created_at),
    requests: Number(r.requests),
    serverErrors: Number(r.server_errors),
    latencyBuckets: r.latency_buckets.map(Number),
    errorMinutes: r.error_minutes.map(Number),
  }));
}

export type OperatorConsoleRead = "workspaces.list" | "workspaces.export" | "workspace.viewed" | "revenue.read" | "sla.read" | "insights.read";

/**
 * A console read the database refused, into the operator audit log (drizzle/0032). The refusal
 * aborted the read's own statement and its audit row with it, so it is written here, in a
 * statement of its own. The function only inserts (and only for a session it would refuse too).
 */
export async function recordOperatorRefusal(call: {
  sessionId: string | null;
  action: OperatorConsoleRead;
  target: string;
  tenantId: string | null;
  meta: { ip: string | null; userAgent: string | null };
}): Promise<void> {
  await getDb().execute(
    sql`select atrium_operator_record_refusal(${call.sessionId}::uuid, ${call.action}, ${call.target}, ${call.tenantId}::uuid, ${JSON.stringify(call.meta)}::jsonb)`,
  );
}

/**
 * The operator-stats job: recomputes per-workspace usage and last activity for the console. The
 * database refreshes only for a claimed job of that queue (`jobId`), at most once a minute; false
 * when it was fresh enough already.
 */
export async function refreshOperatorWorkspaceStats({ jobId }: { jobId: string }): Promise<boolean> {
  const rows = await getDb().execute<{ refreshed: boolean }>(sql`select atrium_operator_refresh_workspace_stats(${jobId}::uuid) as refreshed`);
  return rows[0]?.refreshed ?? false;
}

export type WorkspaceCount = { status: string; planId: string; workspaces: number };

/** Workspaces per status (`deleted` for those awaiting purge) and plan (`none`): numbers only, for metrics. */
export async function countWorkspacesByStatusAndPlan(): Promise<WorkspaceCount[]> {
  const rows = await getDb().execute<{ status: string; plan_id: string; workspaces: string }>(sql`select * from atrium_workspace_counts()`);
  return rows.map((r) => ({ status: r.status, planId: r.plan_id, workspaces: Number(r.workspaces) }));
}
