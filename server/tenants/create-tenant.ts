import { randomUUID } from "node:crypto";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { withTenant } from "../db/with-tenant";
import { actorOf, recordEvent, workspaceOf } from "../events/record-event";
import { memberships, tenants, type Tenant } from "../db/schema";
import { assertEmailVerified } from "../accounts/email-verification";
import { AppError, formatWait } from "../errors";
import { env } from "../env";
import { checkRateLimit, refundRateLimit } from "../rate-limit/gcra";
import { checkSlug } from "./check-slug";
import { invalidateTenantCache } from "./tenant-cache";
import { recordStatusChange } from "./record-status-change";
import { addressBucket } from "../rate-limit/address-bucket";

export const TRIAL_DAYS = 14;

export type CreateTenantOptions = {
  userId: string;
  name: string;
  slug: string;
  meta: RequestMeta;
  /** Seeding and tests skip the per-hour limit. */
  skipRateLimit?: boolean;
};

function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } })?.cause ?? error;
  return (cause as { code?: string })?.code === "23505";
}

export async function createTenant({ userId, name, slug, meta, skipRateLimit }: CreateTenantOptions): Promise<Tenant> {
  await assertEmailVerified(userId);
  const availability = await checkSlug({ slug });
  if (!availability.available) {
    throw new AppError("CONFLICT", availability.message, {
      fieldErrors: { slug: [availability.suggestion ? `${availability.message} Try “${availability.suggestion}”.` : availability.message] },
    });
  }

  // Counted only for valid requests, so typos do not use up the allowance; a creation that fails
  // (a double click's second request losing the address, a database outage) is given back below.
  const policy = { name: "workspace-creation", limit: env.WORKSPACE_CREATIONS_PER_HOUR, periodSeconds: 3600 };
  const counted: string[] = [];
  if (!skipRateLimit) {
    const perHour = env.WORKSPACE_CREATIONS_PER_HOUR;
    for (const key of [`create-tenant:user:${userId}`, `create-tenant:ip:${addressBucket(meta.ip)}`]) {
      const state = await checkRateLimit(key, policy);
      if (state.allowed) counted.push(key);
      if (!state.allowed) {
        // Refused here: the allowance counted for the other key is given back.
        for (const spent of counted) await refundRateLimit(spent, policy);
        throw new AppError(
          "TOO_MANY_REQUESTS",
          `You can create up to ${perHour} workspaces an hour. Try again in ${formatWait(state.retryAfterSeconds)}.`,
          { retryAfterSeconds: state.retryAfterSeconds },
        );
      }
    }
  }

  const tenantId = randomUUID();
  const trialEndsAt = new Date(Date.now() + TRIAL_DAYS * 24 * 3600 * 1000);
  try {
    const tenant = await withTenant(tenantId, async (tx) => {
      const [created] = await tx
        .insert(tenants)
        .values({ id: tenantId, slug, name, status: "trialing", trialEndsAt })
        .returning();
      await tx.insert(memberships).values({ tenantId, userId, role: "owner" });
      await recordStatusChange(tx, { tenantId, from: null, to: "trialing", source: "owner", reason: "workspace created", actorUserId: userId });
      await recordAuditEvent(tx, {
        tenantId,
        actorUserId: userId,
        action: "tenant.created",
        target: `tenant:${slug}`,
        metadata: { name, slug, trialEndsAt: trialEndsAt.toISOString() },
        meta,
      });
      await recordEvent(tx, { tenantId, type: "workspace.created", data: { workspace: workspaceOf(created!), planId: created!.planId }, actor: actorOf(userId, meta) });
      return created!;
    });
    invalidateTenantCache(slug);
    return tenant;
  } catch (error) {
    // Nothing was created (the transaction rolled back): the attempt does not count, whether it
    // lost a race for the address or the database failed it (a 503 the person is asked to retry).
    for (const key of counted) await refundRateLimit(key, policy);
    // Lost a race for the slug between the check and the insert.
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", "This address was just taken. Please choose another.", {
        fieldErrors: { slug: ["This address is already taken."] },
      });
    }
    throw error;
  }
}
