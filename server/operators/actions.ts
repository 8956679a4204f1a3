"use server";

import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { operatorAccess, type OperatorAccess } from "../auth/operator-access";
import { env } from "../env";
import { isAppError } from "../errors";
import { parseHost } from "../hosts/parse-host";
import { requestHost, requestMetaFromHeaders } from "../http/request-meta";
import { BILLING_INTERVALS, FEATURES, LIMIT_METRICS, PLAN_IDS } from "../../lib/plans";
import { cancelWorkspace } from "./cancel-workspace";
import { changeWorkspacePlan } from "./change-workspace-plan";
import { compWorkspacePlan } from "./comp-workspace-plan";
import { deleteWorkspace } from "./delete-workspace";
import { extendTrial } from "./extend-trial";
import type { Operator } from "./operator-action";
import { reactivateWorkspace } from "./reactivate-workspace";
import { resendInvitationAsOperator } from "./resend-invitation";
import { resendVerificationEmailAsOperator } from "./resend-verification-email";
import { resetSecondFactor } from "./reset-second-factor";
import { restoreWorkspace } from "./restore-workspace";
import { setWorkspaceOverride } from "./set-workspace-override";
import { suspendWorkspace } from "./suspend-workspace";

export type OperatorActionResult = { ok: true; message: string } | { ok: false; error: string; fieldErrors?: Record<string, string[]> } | null;

const NOT_FOUND: OperatorActionResult = { ok: false, error: "Not found." };

/** The form's override value: "on"/"off"/"plan" for a feature; a number, "unlimited" or "plan" for a limit. */
const ZOverrideForm = z.object({
  target: z.string().max(40),
  value: z.string().max(20),
  expiresAt: z.string().max(40).optional(),
});

const ZForm = z.discriminatedUnion("action", [
  z.object({ action: z.literal("suspend") }),
  z.object({ action: z.literal("reactivate") }),
  z.object({ action: z.literal("extend-trial"), days: z.coerce.number() }),
  z.object({ action: z.literal("comp-plan"), planId: z.enum(PLAN_IDS, "Choose a plan.") }),
  z.object({ action: z.literal("change-plan"), planId: z.enum(PLAN_IDS, "Choose a plan."), interval: z.enum(BILLING_INTERVALS, "Choose monthly or yearly."), attemptId: z.uuid().optional() }),
  ZOverrideForm.extend({ action: z.literal("override") }),
  z.object({ action: z.literal("cancel"), attemptId: z.uuid().optional() }),
  z.object({ action: z.literal("delete") }),
  z.object({ action: z.literal("restore") }),
  z.object({ action: z.literal("resend-invitation"), invitationId: z.string().max(64) }),
  z.object({ action: z.literal("resend-verification"), userId: z.string().max(64) }),
  z.object({ action: z.literal("reset-second-factor"), userId: z.string().max(64), includePasskeys: z.literal("on").optional() }),
]);

function operatorOf(access: Extract<OperatorAccess, { kind: "operator" }>): Operator {
  return { id: access.user.id, role: access.role };
}

function overrideChange(target: string, value: string) {
  const [kind, name] = target.split(":");
  if (kind === "feature" && (FEATURES as readonly string[]).includes(name ?? "")) {
    return { kind: "feature" as const, feature: name as (typeof FEATURES)[number], value: value === "plan" ? null : value === "on" };
  }
  if (kind === "limit" && (LIMIT_METRICS as readonly string[]).includes(name ?? "")) {
    // An empty or blank value is no number (Number(" ") would be 0, a limit of nothing): NaN, refused below.
    const limit = value === "plan" ? null : value === "unlimited" ? ("unlimited" as const) : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    return { kind: "limit" as const, metric: name as (typeof LIMIT_METRICS)[number], value: limit };
  }
  return null;
}

/**
 * Every operator action on a workspace (the action names one), from the reason-and-confirm
 * dialog: operators only, on the operator host only (a server action can be posted to any host);
 * the domain functions refuse support operators and check the reason.
 */
export async function operatorWorkspaceAction(_previous: OperatorActionResult, formData: FormData): Promise<OperatorActionResult> {
  const requestHeaders = await headers();
  if (parseHost(requestHost(requestHeaders), env.ROOT_DOMAIN).kind !== "admin") return NOT_FOUND;
  const access = await operatorAccess();
  if (access.kind !== "operator") return NOT_FOUND;
  const parsed = ZForm.safeParse(Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === "string")));
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Check the form." };
  const form = parsed.data;
  const base = { operator: operatorOf(access), tenantId: String(formData.get("tenantId") ?? ""), reason: String(formData.get("reason") ?? ""), meta: requestMetaFromHeaders(requestHeaders) };
  try {
    const message = await run(form, base);
    revalidatePath(`/admin/workspaces/${base.tenantId}/actions`);
    return { ok: true, message };
  } catch (error) {
    if (isAppError(error) && error.status < 500) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
    throw error;
  }
}

async function run(form: z.infer<typeof ZForm>, base: { operator: Operator; tenantId: string; reason: string; meta: { ip: string | null; userAgent: string | null } }): Promise<string> {
  switch (form.action) {
    case "suspend":
      await suspendWorkspace(base);
      return "Workspace suspended. Its owners have been told.";
    case "reactivate": {
      const { status } = await reactivateWorkspace(base);
      return `Workspace reactivated (${status.replace("_", " ")}).`;
    }
    case "extend-trial": {
      const { trialEndsAt } = await extendTrial({ ...base, days: form.days });
      return `Trial extended to ${trialEndsAt.toUTCString()}.`;
    }
    case "comp-plan":
      await compWorkspacePlan({ ...base, planId: form.planId });
      return "Plan applied without billing.";
    case "change-plan":
      await changeWorkspacePlan({ ...base, planId: form.planId, interval: form.interval, attemptId: form.attemptId ?? randomUUID() });
      return "Plan change sent to the billing provider.";
    case "override": {
      const change = overrideChange(form.target, form.value);
      if (!change) return "Nothing to change.";
      const expiresAt = form.expiresAt ? new Date(form.expiresAt) : null;
      await setWorkspaceOverride({ ...base, change, expiresAt });
      return "Override saved.";
    }
    case "cancel": {
      const outcome = await cancelWorkspace({ ...base, attemptId: form.attemptId });
      return outcome.when === "now" ? "Workspace cancelled." : "The subscription ends at the end of its period.";
    }
    case "delete":
      await deleteWorkspace(base);
      return "Workspace deleted; it can be restored during the retention period.";
    case "restore":
      await restoreWorkspace(base);
      return "Workspace restored.";
    case "resend-invitation": {
      const { email } = await resendInvitationAsOperator({ ...base, invitationId: form.invitationId });
      return `Invitation sent again to ${email}.`;
    }
    case "resend-verification": {
      const { email } = await resendVerificationEmailAsOperator({ operator: base.operator, userId: form.userId, reason: base.reason, meta: base.meta });
      return `Verification email sent to ${email}.`;
    }
    case "reset-second-factor":
      await resetSecondFactor({ operator: base.operator, userId: form.userId, reason: base.reason, meta: base.meta, includePasskeys: form.includePasskeys === "on" });
      return "Second factor reset. The user has been told by email.";
  }
}
