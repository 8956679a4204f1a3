import { z } from "zod";
import type { PlanOverrides } from "../billing/entitlements";
import { writePlanOverrides } from "../billing/plan-overrides";
import { AppError } from "../errors";
import { FEATURE_LABELS, FEATURES, LIMIT_LABELS, LIMIT_METRICS, UNLIMITED, formatLimit } from "../../lib/plans";
import { actOnWorkspace, type WorkspaceActionOptions } from "./operator-action";
import { notifyOwners } from "./notify-owners";

const YEAR = 365 * 86_400_000;

/**
 * One change to a workspace's overrides: a feature granted (true), revoked (false) or back to its
 * plan (null); a limit raised to a value or unlimited, or back to its plan (null). An optional
 * expiry ends the override on its own (entitlements ignore it from then on).
 */
export const ZWorkspaceOverride = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("feature"), feature: z.enum(FEATURES, "Unknown feature."), value: z.boolean().nullable() }),
  z.object({
    kind: z.literal("limit"),
    metric: z.enum(LIMIT_METRICS, "Unknown limit."),
    value: z.union([z.literal(UNLIMITED), z.number().int("Use a whole number.").min(0, "Use 0 or more.").max(1e12, "That is too large.")]).nullable(),
  }),
]);
export type WorkspaceOverride = z.infer<typeof ZWorkspaceOverride>;

export type SetWorkspaceOverrideOptions = WorkspaceActionOptions & { change: WorkspaceOverride; expiresAt?: Date | null };

function withChange(current: PlanOverrides, change: WorkspaceOverride, until: string | null): PlanOverrides {
  const next: PlanOverrides = structuredClone(current);
  const group = change.kind === "feature" ? "features" : "limits";
  const key = change.kind === "feature" ? change.feature : change.metric;
  const values = { ...(next[group] ?? {}) } as Record<string, unknown>;
  const ends = { ...(next.until?.[group] ?? {}) } as Record<string, string>;
  if (change.value === null) delete values[key];
  else values[key] = change.value;
  if (change.value === null || until === null) delete ends[key];
  else ends[key] = until;
  (next as Record<string, unknown>)[group] = values;
  next.until = { ...next.until, [group]: ends };
  return next;
}

/** Grants or revokes a feature, or overrides a limit, for one workspace (the plan-override functions underneath). */
export async function setWorkspaceOverride(options: SetWorkspaceOverrideOptions): Promise<PlanOverrides> {
  return actOnWorkspace(options, "operator.override_changed", async (tx, tenant, reason) => {
    const parsed = ZWorkspaceOverride.safeParse(options.change);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? "Check the override.";
      throw new AppError("BAD_REQUEST", message, { fieldErrors: { change: [message] } });
    }
    const expiresAt = options.expiresAt ?? null;
    if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt <= new Date() || expiresAt.getTime() > Date.now() + 5 * YEAR)) {
      throw new AppError("BAD_REQUEST", "The expiry must be a date in the future, within five years.", { fieldErrors: { expiresAt: ["Pick a future date within five years."] } });
    }
    const change = parsed.data;
    const overrides = withChange(tenant.planOverrides, change, expiresAt?.toISOString() ?? null);
    const written = await writePlanOverrides(tx, { tenant, overrides, actorUserId: null, meta: options.meta, auditMetadata: { by: "platform support", reason } });
    const what =
      change.kind === "feature"
        ? `${FEATURE_LABELS[change.feature]}: ${change.value === null ? "back to your plan" : change.value ? "switched on" : "switched off"}`
        : `${LIMIT_LABELS[change.metric]}: ${change.value === null ? "back to your plan" : formatLimit(change.value)}`;
    await notifyOwners(tx, tenant, {
      kind: "override",
      subject: `${tenant.name}: your plan was adjusted`,
      text: `Platform support adjusted ${tenant.name}. ${what}${expiresAt && change.value !== null ? `, until ${expiresAt.toUTCString()}` : ""}. Reason given: ${reason}`,
    });
    return { metadata: { change, expiresAt: expiresAt?.toISOString() ?? null }, result: written };
  });
}
