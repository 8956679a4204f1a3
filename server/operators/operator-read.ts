import "server-only";
import { PLANS, PLAN_IDS, DEFAULT_PLAN_ID, TRIAL_PLAN_ID, UNLIMITED } from "../../lib/plans";
import type { RequestMeta } from "../audit/record-audit-event";
import { recordOperatorRefusal, type OperatorConsoleRead } from "../db/cross-tenant";
import { AppError } from "../errors";

/** Who reads: the operator's console session (its `sid`), checked and audited by the database. */
export type OperatorReader = { sessionId: string | null; meta: RequestMeta };

/** The plan catalog as the database functions read it: monthly price and usage-unit limit per plan. */
export function planCatalogForSql() {
  return {
    plans: Object.fromEntries(
      PLAN_IDS.map((id) => {
        const units = PLANS[id].limits.usageUnitsPerMonth;
        return [id, { monthlyCents: PLANS[id].monthlyCents, units: units === UNLIMITED ? null : units }];
      }),
    ),
    trialPlan: TRIAL_PLAN_ID,
    defaultPlan: DEFAULT_PLAN_ID,
  };
}

function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  const code = typeof e?.code === "string" ? e.code : e?.cause?.code;
  return typeof code === "string" ? code : undefined;
}

/** What a console read is, for the audit row of a refusal. */
export type OperatorReadKind = { action: OperatorConsoleRead; target: string; tenantId?: string | null };

/**
 * Runs an operator read; the database refusing the session (not an operator's console session,
 * revoked, no second factor) reads as not found, like every other way of not being an operator.
 * A refusal aborts the read's statement and the audit row the database wrote in it, so it is
 * recorded again here, on its own (drizzle/0032), before the caller is told not found.
 */
export async function asOperator<T>(reader: OperatorReader, kind: OperatorReadKind, read: (sessionId: string) => Promise<T>): Promise<T> {
  const refused = async () => {
    await recordOperatorRefusal({ sessionId: reader.sessionId, action: kind.action, target: kind.target, tenantId: kind.tenantId ?? null, meta: reader.meta });
    return new AppError("NOT_FOUND", "Not found.");
  };
  if (!reader.sessionId) throw await refused();
  try {
    return await read(reader.sessionId);
  } catch (error) {
    const code = sqlState(error);
    if (code === "42501") throw await refused();
    // Input the parser let through but PostgreSQL refused (should not happen): still the caller's.
    if (code === "22023" || code === "22P02" || code === "22007" || code === "22008" || code === "22003") {
      throw new AppError("BAD_REQUEST", "The search or filters could not be used: check them and try again.");
    }
    throw error;
  }
}
