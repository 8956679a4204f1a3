import "server-only";
import { randomBytes } from "node:crypto";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { isSsoDomainVerifiedElsewhere, listSsoDomainsToRecheck } from "../db/cross-tenant";
import { afterCommit, withTenant } from "../db/with-tenant";
import { ssoDomains, tenants, type SsoDomain } from "../db/schema";
import { verificationRecord } from "../domains/check-dns";
import { defaultDnsResolver, type DnsResolver } from "../domains/dns-resolver";
import { env } from "../env";
import { AppError } from "../errors";
import { logger } from "../logger";
import { requireSsoFeature } from "./require-sso-feature";
import { forgetSsoPolicy } from "./sso-enforcement";

// Email domains a workspace proves it controls, with the same TXT record as custom domains
// (`_atrium-challenge.{domain}` = `atrium-verification={token}`) and the same resolver seam.
// A domain is verified by one workspace at a time: verification takes a per-domain advisory lock
// and asks, while holding it, whether another workspace has verified it.

export const MAX_SSO_DOMAINS = 20;

export type SsoDomainView = SsoDomain & { record: { type: "TXT"; name: string; value: string } };

const view = (d: SsoDomain): SsoDomainView => {
  const r = verificationRecord(d.domain, d.verificationToken);
  return { ...d, record: { type: "TXT", name: r.name, value: r.value } };
};

type Actor = { tenantId: string; actorUserId: string; meta: RequestMeta };

export async function listSsoDomains({ tenantId }: { tenantId: string }): Promise<SsoDomainView[]> {
  const rows = await withTenant(tenantId, (tx) => tx.select().from(ssoDomains).where(eq(ssoDomains.tenantId, tenantId)).orderBy(asc(ssoDomains.createdAt)));
  return rows.map(view);
}

/** `domain` is already normalised and validated (zCustomHostname). */
export async function addSsoDomain(options: Actor & { domain: string }): Promise<SsoDomainView> {
  await requireSsoFeature(options.tenantId);
  return withTenant(options.tenantId, async (tx) => {
    await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, options.tenantId)).for("update");
    const [existing] = await tx.select().from(ssoDomains).where(and(eq(ssoDomains.tenantId, options.tenantId), eq(ssoDomains.domain, options.domain)));
    if (existing) throw new AppError("CONFLICT", "You have already added that domain.", { fieldErrors: { domain: ["Already added."] } });
    const [n] = await tx.select({ n: count() }).from(ssoDomains).where(eq(ssoDomains.tenantId, options.tenantId));
    if ((n?.n ?? 0) >= MAX_SSO_DOMAINS) throw new AppError("BAD_REQUEST", `A workspace can have at most ${MAX_SSO_DOMAINS} email domains.`);
    const [row] = await tx
      .insert(ssoDomains)
      .values({ tenantId: options.tenantId, domain: options.domain, verificationToken: randomBytes(16).toString("hex") })
      .returning();
    await recordAuditEvent(tx, { tenantId: options.tenantId, actorUserId: options.actorUserId, action: "sso.domain_added", target: `sso-domain:${options.domain}`, metadata: { domain: options.domain }, meta: options.meta });
    return view(row!);
  });
}

export async function removeSsoDomain(options: Actor & { domainId: string }): Promise<void> {
  await withTenant(options.tenantId, async (tx) => {
    const [row] = await tx.delete(ssoDomains).where(and(eq(ssoDomains.tenantId, options.tenantId), eq(ssoDomains.id, options.domainId))).returning();
    if (!row) throw new AppError("NOT_FOUND", "Domain not found.");
    await recordAuditEvent(tx, { tenantId: options.tenantId, actorUserId: options.actorUserId, action: "sso.domain_removed", target: `sso-domain:${row.domain}`, metadata: { domain: row.domain }, meta: options.meta });
  });
  // Enforcement covers the verified domains: its members are no longer bound to SSO.
  forgetSsoPolicy(options.tenantId);
}

export type VerifyOutcome = { domain: SsoDomainView; problem: string | null };

export async function verifySsoDomain(options: Actor & { domainId: string; resolver?: DnsResolver }): Promise<VerifyOutcome> {
  await requireSsoFeature(options.tenantId);
  const [current] = await withTenant(options.tenantId, (tx) => tx.select().from(ssoDomains).where(and(eq(ssoDomains.tenantId, options.tenantId), eq(ssoDomains.id, options.domainId))));
  if (!current) throw new AppError("NOT_FOUND", "Domain not found.");
  // DNS outside any transaction (it can take seconds).
  const record = verificationRecord(current.domain, current.verificationToken);
  let problem: string | null = null;
  try {
    const values = await (options.resolver ?? defaultDnsResolver()).txt(record.name);
    if (!values.some((v) => v.trim() === record.value)) {
      problem = values.length
        ? `The TXT record ${record.name} exists but does not contain ${record.value}.`
        : `No TXT record found at ${record.name}. Add one with the value ${record.value}.`;
    }
  } catch (error) {
    return { domain: view(current), problem: `DNS could not be reached (${(error as NodeJS.ErrnoException).code ?? "an error"}). Try again in a minute.` };
  }
  return withTenant(options.tenantId, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`atrium-sso-domain:${current.domain}`}))`);
    const [domain] = await tx.select().from(ssoDomains).where(and(eq(ssoDomains.tenantId, options.tenantId), eq(ssoDomains.id, options.domainId))).for("update");
    if (!domain) throw new AppError("NOT_FOUND", "Domain not found.");
    if (!problem) {
      if (await isSsoDomainVerifiedElsewhere(domain.domain, options.tenantId, tx)) problem = "Another workspace has already verified this domain. It must remove the domain first.";
    }
    const verified = problem === null;
    const [row] = await tx
      .update(ssoDomains)
      .set(verified ? { status: "verified", verifiedAt: domain.verifiedAt ?? new Date(), lastCheckedAt: new Date(), failingSince: null, lastProblem: null } : { lastProblem: problem })
      .where(and(eq(ssoDomains.tenantId, options.tenantId), eq(ssoDomains.id, domain.id)))
      .returning();
    if (verified && domain.status !== "verified") {
      afterCommit(tx, () => forgetSsoPolicy(options.tenantId));
      await recordAuditEvent(tx, { tenantId: options.tenantId, actorUserId: options.actorUserId, action: "sso.domain_verified", target: `sso-domain:${domain.domain}`, metadata: { domain: domain.domain }, meta: options.meta });
    }
    return { domain: view(row!), problem };
  });
}


const SWEEP = { actorUserId: null, meta: { ip: null, userAgent: "atrium-sweep" } } as const;

/**
 * The sweep (with the custom domains', every DOMAIN_RECHECK_HOURS): each verified email domain's
 * TXT record is looked up again. Missing, the domain is marked failing (the owners see why on the
 * security page); still missing after DOMAIN_GRACE_HOURS, it is unverified, and the workspace's
 * identity provider no longer speaks for its addresses: a domain that lapsed or changed hands
 * must not keep letting one workspace sign in as anyone at it. DNS that cannot be reached decides
 * nothing (tried again next time).
 */
export async function recheckSsoDomains(options: { resolver?: DnsResolver; now?: Date } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const due = await listSsoDomainsToRecheck(new Date(now.getTime() - env.DOMAIN_RECHECK_HOURS * 3_600_000));
  const resolver = options.resolver ?? defaultDnsResolver();
  for (const { tenantId, domainId } of due) {
    // One domain's failure (removed meanwhile, DNS trouble) never stops the others or the sweep.
    await recheckSsoDomain(tenantId, domainId, resolver, now).catch((error: unknown) => logger.warn("sso domain re-check failed", { tenantId, domainId, error }));
  }
  return due.length;
}

async function recheckSsoDomain(tenantId: string, domainId: string, resolver: DnsResolver, now: Date): Promise<void> {
  const [current] = await withTenant(tenantId, (tx) => tx.select().from(ssoDomains).where(and(eq(ssoDomains.tenantId, tenantId), eq(ssoDomains.id, domainId))));
  if (current?.status !== "verified") return;
  const record = verificationRecord(current.domain, current.verificationToken);
  let values: string[];
  try {
    values = await resolver.txt(record.name);
  } catch {
    return;
  }
  const present = values.some((v) => v.trim() === record.value);
  const unverified = await withTenant(tenantId, async (tx) => {
    const [domain] = await tx.select().from(ssoDomains).where(and(eq(ssoDomains.tenantId, tenantId), eq(ssoDomains.id, domainId))).for("update");
    if (domain?.status !== "verified") return false;
    const where = and(eq(ssoDomains.tenantId, tenantId), eq(ssoDomains.id, domainId));
    if (present) {
      await tx.update(ssoDomains).set({ lastCheckedAt: now, failingSince: null, lastProblem: null }).where(where);
      return false;
    }
    const failingSince = domain.failingSince ?? now;
    if (now.getTime() - failingSince.getTime() < env.DOMAIN_GRACE_HOURS * 3_600_000) {
      const until = new Date(failingSince.getTime() + env.DOMAIN_GRACE_HOURS * 3_600_000);
      const problem = `The TXT record ${record.name} with the value ${record.value} is gone. Restore it before ${until.toISOString().slice(0, 16).replace("T", " ")} UTC, or single sign-on stops for this domain.`;
      await tx.update(ssoDomains).set({ lastCheckedAt: now, failingSince, lastProblem: problem }).where(where);
      return false;
    }
    const problem = `The TXT record ${record.name} was missing for ${env.DOMAIN_GRACE_HOURS} hours, so the domain is no longer verified. Add the record again and verify it.`;
    await tx.update(ssoDomains).set({ status: "pending", verifiedAt: null, lastCheckedAt: now, failingSince: null, lastProblem: problem }).where(where);
    await recordAuditEvent(tx, { tenantId, actorUserId: SWEEP.actorUserId, action: "sso.domain_unverified", target: `sso-domain:${domain.domain}`, metadata: { domain: domain.domain }, meta: SWEEP.meta });
    return true;
  });
  // Enforcement covers the verified domains: its members are no longer bound to SSO by this one.
  if (unverified) forgetSsoPolicy(tenantId);
}
