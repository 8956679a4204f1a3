import { randomBytes } from "node:crypto";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { actorOf, recordEvent } from "../events/record-event";
import { getEntitlements } from "../billing/plan-overrides";
import { ownerRecipientsWithLocale } from "../billing/recipients";
import { isDomainRoutedElsewhere, listDomainsToRecheck } from "../db/cross-tenant";
import { withTenant } from "../db/with-tenant";
import { tenantDomains, tenants, type TenantDomain } from "../db/schema";
import { enqueueEmails } from "../email/enqueue-email";
import { emailServerLines } from "../email/email-server-text";
import { emailsPerLocale, type WriteEmail } from "../email/emails-per-locale";
import { env } from "../env";
import { AppError } from "../errors";
import { logger } from "../logger";
import { invalidateDomainCache } from "../tenants/tenant-cache";
import { checkDomainDns, verificationRecord } from "./check-dns";
import { defaultDnsResolver, type DnsResolver } from "./dns-resolver";

export const MAX_DOMAINS_PER_TENANT = 5;

export type DomainView = TenantDomain & {
  records: { type: "TXT" | "CNAME"; name: string; value: string }[];
  /** When a failing domain stops routing (failingSince + grace). */
  disablesAt: Date | null;
};

function view(domain: TenantDomain): DomainView {
  const txt = verificationRecord(domain.hostname, domain.verificationToken);
  return {
    ...domain,
    records: [
      { type: "TXT", name: txt.name, value: txt.value },
      { type: "CNAME", name: domain.hostname, value: env.CUSTOM_DOMAIN_TARGET },
    ],
    disablesAt: domain.status === "failing" && domain.failingSince ? new Date(domain.failingSince.getTime() + env.DOMAIN_GRACE_HOURS * 3_600_000) : null,
  };
}

export async function listDomains({ tenantId }: { tenantId: string }): Promise<DomainView[]> {
  const rows = await withTenant(tenantId, (tx) => tx.select().from(tenantDomains).where(eq(tenantDomains.tenantId, tenantId)).orderBy(asc(tenantDomains.createdAt)));
  return rows.map(view);
}

async function requireCustomDomainFeature(tenantId: string): Promise<void> {
  if (!(await getEntitlements({ tenantId })).features.customDomain) {
    throw new AppError("FORBIDDEN", "Custom domains are included in Pro and above. Upgrade in Billing to add one.", { reason: "feature_not_in_plan" });
  }
}

type Actor = { tenantId: string; actorUserId: string; meta: RequestMeta };

/** Adds a domain as pending, with its own verification token. `hostname` is already validated. */
export async function addDomain(options: Actor & { hostname: string }): Promise<DomainView> {
  await requireCustomDomainFeature(options.tenantId);
  if (await isDomainRoutedElsewhere(options.hostname, options.tenantId)) {
    throw new AppError("CONFLICT", "That domain is already connected to another workspace.", { fieldErrors: { hostname: ["Already connected to another workspace."] } });
  }
  return withTenant(options.tenantId, async (tx) => {
    // One lock per tenant keeps the count check and the insert together.
    await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, options.tenantId)).for("update");
    const [existing] = await tx.select().from(tenantDomains).where(and(eq(tenantDomains.tenantId, options.tenantId), eq(tenantDomains.hostname, options.hostname)));
    if (existing) throw new AppError("CONFLICT", "You have already added that domain.", { fieldErrors: { hostname: ["Already added."] } });
    const [n] = await tx.select({ n: count() }).from(tenantDomains).where(eq(tenantDomains.tenantId, options.tenantId));
    if ((n?.n ?? 0) >= MAX_DOMAINS_PER_TENANT) throw new AppError("BAD_REQUEST", `A workspace can have at most ${MAX_DOMAINS_PER_TENANT} custom domains.`);
    const [row] = await tx
      .insert(tenantDomains)
      .values({ tenantId: options.tenantId, hostname: options.hostname, verificationToken: randomBytes(16).toString("hex") })
      .returning();
    await recordAuditEvent(tx, { tenantId: options.tenantId, actorUserId: options.actorUserId, action: "domain.added", target: `domain:${options.hostname}`, metadata: { hostname: options.hostname }, meta: options.meta });
    return view(row!);
  });
}

export async function removeDomain(options: Actor & { domainId: string }): Promise<void> {
  const hostname = await withTenant(options.tenantId, async (tx) => {
    const [row] = await tx.delete(tenantDomains).where(and(eq(tenantDomains.tenantId, options.tenantId), eq(tenantDomains.id, options.domainId))).returning();
    if (!row) throw new AppError("NOT_FOUND", "Domain not found.");
    await recordAuditEvent(tx, { tenantId: options.tenantId, actorUserId: options.actorUserId, action: "domain.removed", target: `domain:${row.hostname}`, metadata: { hostname: row.hostname }, meta: options.meta });
    return row.hostname;
  });
  invalidateDomainCache(hostname);
}

export type CheckOutcome = { domain: DomainView; problems: string[] };

/**
 * Checks DNS for one domain and moves it through its states. Used by "Verify" (actorUserId set)
 * and by the scheduled re-check (actorUserId null). Emails owners when a routed domain starts
 * failing and when it is disabled.
 */
export async function checkDomain(options: { tenantId: string; domainId: string; actorUserId: string | null; meta: RequestMeta; resolver?: DnsResolver; now?: Date }): Promise<CheckOutcome> {
  const now = options.now ?? new Date();
  const [current] = await withTenant(options.tenantId, (tx) => tx.select().from(tenantDomains).where(and(eq(tenantDomains.tenantId, options.tenantId), eq(tenantDomains.id, options.domainId))));
  if (!current) throw new AppError("NOT_FOUND", "Domain not found.");
  if (options.actorUserId) await requireCustomDomainFeature(options.tenantId);
  // DNS first, outside any transaction (it can take seconds).
  const dns = await checkDomainDns({ hostname: current.hostname, token: current.verificationToken, target: env.CUSTOM_DOMAIN_TARGET, resolver: options.resolver ?? defaultDnsResolver() });
  // A DNS outage says nothing about the records: nothing changes (the sweep tries again later).
  if (dns.unreachable) {
    if (options.actorUserId === null) throw new Error(`DNS unreachable while checking ${current.hostname}`);
    return { domain: view(current), problems: dns.problems };
  }
  const problems = [...dns.problems];
  if (options.actorUserId === null && !(await getEntitlements({ tenantId: options.tenantId })).features.customDomain) {
    problems.push("Your plan no longer includes custom domains. Upgrade in Billing to keep this domain.");
  }

  const updated = await withTenant(options.tenantId, async (tx) => {
    // One hostname is verified by one workspace at a time: checks of the same name take turns,
    // and the "connected elsewhere" question is asked while holding the turn.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`atrium-domain:${current.hostname}`}))`);
    const [domain] = await tx.select().from(tenantDomains).where(and(eq(tenantDomains.tenantId, options.tenantId), eq(tenantDomains.id, options.domainId))).for("update");
    if (!domain) throw new AppError("NOT_FOUND", "Domain not found.");
    if (problems.length === 0) {
      const routed = await isDomainRoutedElsewhere(domain.hostname, options.tenantId, tx);
      if (routed) problems.push("This domain is already connected to another workspace. Remove it there first.");
    }
    const ok = problems.length === 0;
    const [tenant] = await tx.select({ name: tenants.name, slug: tenants.slug }).from(tenants).where(eq(tenants.id, options.tenantId));
    const audit = (action: string) =>
      recordAuditEvent(tx, { tenantId: options.tenantId, actorUserId: options.actorUserId, action, target: `domain:${domain.hostname}`, metadata: { hostname: domain.hostname, problems }, meta: options.meta });
    const mail = async (kind: string, write: WriteEmail) => {
      const owners = await ownerRecipientsWithLocale(tx, options.tenantId);
      await enqueueEmails(tx, emailsPerLocale(owners, write, (to) => `domain-${kind}:${domain.id}:${(domain.failingSince ?? now).toISOString()}:${to}`));
    };
    const base = { lastCheckedAt: now, lastProblem: ok ? null : problems.join("\n") };
    let next: Partial<TenantDomain> = base;

    if (ok) {
      next = { ...base, status: "verified", failingSince: null, verifiedAt: domain.status === "verified" || domain.status === "failing" ? domain.verifiedAt : now };
      if (domain.status !== "verified" && domain.status !== "failing") {
        await audit("domain.verified");
        await recordEvent(tx, { tenantId: options.tenantId, type: "domain.verified", data: { domainId: domain.id, hostname: domain.hostname }, actor: actorOf(options.actorUserId, options.meta) });
      }
    } else if (domain.status === "verified") {
      next = { ...base, status: "failing", failingSince: now };
      await audit("domain.failing");
      await recordEvent(tx, {
        tenantId: options.tenantId,
        type: "domain.failing",
        data: { domainId: domain.id, hostname: domain.hostname, problems: problems.slice(0, 20).map((p) => p.slice(0, 500)), disablesAt: new Date(now.getTime() + env.DOMAIN_GRACE_HOURS * 3_600_000).toISOString() },
        actor: actorOf(options.actorUserId, options.meta),
      });
      // Its email ("Action needed: … no longer points to …") is sent from the event: server/email/event-emails.ts.
    } else if (domain.status === "failing" && domain.failingSince && now.getTime() - domain.failingSince.getTime() >= env.DOMAIN_GRACE_HOURS * 3_600_000) {
      next = { ...base, status: "disabled" };
      await audit("domain.disabled");
      // The problems are stored as the DNS check's English sentences; the email states them in the
      // reader's language through the catalogue the domain page uses.
      await mail("disabled", (t, locale) => {
        const words = { hostname: domain.hostname, workspace: tenant?.name ?? t("domain.yourWorkspace"), problems: emailServerLines(problems, locale) };
        return { subject: t("domain.disabledSubject", words), text: t("domain.disabledText", words) };
      });
    }
    const [row] = await tx.update(tenantDomains).set(next).where(and(eq(tenantDomains.tenantId, options.tenantId), eq(tenantDomains.id, domain.id))).returning();
    return { before: domain.status, row: row! };
  });
  if (updated.before !== updated.row.status) invalidateDomainCache(updated.row.hostname);
  return { domain: view(updated.row), problems };
}

/** The sweep: re-checks routed domains whose last check is older than DOMAIN_RECHECK_HOURS. */
export async function recheckDomains(options: { resolver?: DnsResolver; now?: Date } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const due = await listDomainsToRecheck(new Date(now.getTime() - env.DOMAIN_RECHECK_HOURS * 3_600_000));
  const resolver = options.resolver ?? defaultDnsResolver();
  for (const { tenantId, domainId } of due) {
    // One domain's failure (removed meanwhile, DNS trouble) never stops the others or the sweep.
    await checkDomain({ tenantId, domainId, actorUserId: null, meta: { ip: null, userAgent: "atrium-sweep" }, resolver, now }).catch((error: unknown) =>
      logger.warn("domain re-check failed", { tenantId, domainId, error }),
    );
  }
  return due.length;
}
