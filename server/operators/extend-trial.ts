import { eq } from "drizzle-orm";
import { z } from "zod";
import { subscriptionPhase } from "../billing/status-map";
import { transitionTenantStatus } from "../billing/transition-tenant-status";
import { subscriptions, tenants } from "../db/schema";
import { afterCommit } from "../db/with-tenant";
import { AppError } from "../errors";
import { forgetWorkspaceCaches } from "../tenants/forget-workspace-caches";
import { actOnWorkspace, type WorkspaceActionOptions } from "./operator-action";
import { notifyOwners } from "./notify-owners";

const DAY = 86_400_000;
/** A trial never reaches further than this from today, however often it is extended. */
export const MAX_TRIAL_DAYS_AHEAD = 90;
export const ZTrialDays = z.coerce.number({ error: "Enter a number of days." }).int("Use whole days.").min(1, "Extend by at least 1 day.").max(60, "Extend by at most 60 days at a time.");

export type ExtendTrialOptions = WorkspaceActionOptions & { days: number };

/**
 * Gives a workspace on Atrium's own trial N more days (from the later of today and the current
 * end). A workspace the sweep suspended when its trial ran out goes back to trialing. A trial run
 * by the billing provider is the provider's to change.
 */
export async function extendTrial(options: ExtendTrialOptions): Promise<{ trialEndsAt: Date }> {
  const days = ZTrialDays.safeParse(options.days);
  return actOnWorkspace(options, "operator.trial_extended", async (tx, tenant, reason) => {
    if (!days.success) {
      const message = days.error.issues[0]?.message ?? "Enter a number of days.";
      throw new AppError("BAD_REQUEST", message, { fieldErrors: { days: [message] } });
    }
    const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenant.id));
    if (sub?.subscriptionId && subscriptionPhase(sub.status) === "live") {
      throw new AppError("CONFLICT", "This workspace has a subscription; its trial (if any) is run by the billing provider.");
    }
    if (tenant.status !== "trialing" && !(tenant.status === "suspended" && !tenant.operatorSuspendedAt)) {
      throw new AppError("CONFLICT", `Only a trial can be extended; this workspace is ${tenant.status.replace("_", " ")}.`);
    }
    const now = new Date();
    const from = tenant.trialEndsAt && tenant.trialEndsAt > now ? tenant.trialEndsAt : now;
    const trialEndsAt = new Date(from.getTime() + days.data * DAY);
    if (trialEndsAt.getTime() > now.getTime() + MAX_TRIAL_DAYS_AHEAD * DAY) {
      throw new AppError("BAD_REQUEST", `A trial can end at most ${MAX_TRIAL_DAYS_AHEAD} days from today; it ends on ${from.toISOString().slice(0, 10)} now.`, {
        fieldErrors: { days: [`At most ${Math.max(0, Math.floor((now.getTime() + MAX_TRIAL_DAYS_AHEAD * DAY - from.getTime()) / DAY))} more days.`] },
      });
    }
    await tx.update(tenants).set({ trialEndsAt, updatedAt: now }).where(eq(tenants.id, tenant.id));
    await transitionTenantStatus(tx, { tenant: { ...tenant, trialEndsAt }, to: "trialing", reason, cause: `operator:${now.getTime()}`, source: "operator", quiet: true, eventActor: { type: "operator", id: options.operator.id }, meta: options.meta, at: now });
    afterCommit(tx, () => forgetWorkspaceCaches({ tenantId: tenant.id, slug: tenant.slug }));
    await notifyOwners(tx, tenant, {
      kind: "trial-extended",
      subject: `Your ${tenant.name} trial now ends on ${trialEndsAt.toUTCString().slice(0, 16)}`,
      text: `Platform support extended the trial of ${tenant.name} by ${days.data} day${days.data === 1 ? "" : "s"}; it now ends on ${trialEndsAt.toUTCString()}.`,
    });
    return { metadata: { days: days.data, from: tenant.trialEndsAt?.toISOString() ?? null, to: trialEndsAt.toISOString() }, result: { trialEndsAt } };
  });
}
