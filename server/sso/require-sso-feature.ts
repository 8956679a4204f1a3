import "server-only";
import { getEntitlements } from "../billing/plan-overrides";
import { AppError } from "../errors";

export async function hasSsoFeature(tenantId: string): Promise<boolean> {
  return (await getEntitlements({ tenantId })).features.sso;
}

export async function requireSsoFeature(tenantId: string): Promise<void> {
  if (!(await hasSsoFeature(tenantId))) {
    throw new AppError("FORBIDDEN", "Single sign-on is included in the Enterprise plan. Upgrade in Billing to set it up.", { reason: "feature_not_in_plan" });
  }
}
