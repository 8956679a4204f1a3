"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { operatorAccess } from "../auth/operator-access";
import { currentSessionIdOf } from "../auth/current-session-id";
import { mintHandoff } from "../auth/handoff";
import { env } from "../env";
import { isAppError } from "../errors";
import { originFor, parseHost } from "../hosts/parse-host";
import { requestHost, requestMetaFromHeaders } from "../http/request-meta";
import { endSupportAccess, startSupportAccess } from "./support-access";

export type SupportActionResult = { ok: true; message: string } | { ok: false; error: string; fieldErrors?: Record<string, string[]> } | null;

const NOT_FOUND: SupportActionResult = { ok: false, error: "Not found." };

/** The console's request context: operators on the operator host only (a server action can be posted to any host). */
async function consoleOperator() {
  const requestHeaders = await headers();
  if (parseHost(requestHost(requestHeaders), env.ROOT_DOMAIN).kind !== "admin") return null;
  const access = await operatorAccess();
  if (access.kind !== "operator") return null;
  return { operator: { id: access.user.id, role: access.role }, meta: requestMetaFromHeaders(requestHeaders) };
}

/**
 * Starts support access from the console and opens the workspace's dashboard through the
 * one-time host hand-off, which carries the grant (never a member's session) to that host.
 */
export async function startSupportAccessAction(_previous: SupportActionResult, formData: FormData): Promise<SupportActionResult> {
  const caller = await consoleOperator();
  if (!caller) return NOT_FOUND;
  let target: string;
  try {
    const { grant, slug } = await startSupportAccess({
      ...caller,
      tenantId: String(formData.get("tenantId") ?? ""),
      reason: formData.get("reason"),
      minutes: formData.get("minutes"),
      write: formData.get("write") === "on",
      writeReason: formData.get("writeReason"),
    });
    const origin = originFor({ kind: "tenant", slug }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL);
    const token = await mintHandoff({
      userId: caller.operator.id,
      targetHost: new URL(origin).host,
      // The support session joins this console session's family: ending one ends both.
      parentSessionId: await currentSessionIdOf(caller.operator.id),
      support: { tenantId: grant.tenantId, grantId: grant.grantId },
    });
    target = `${origin}/auth/handoff?${new URLSearchParams({ token, next: "/dashboard" })}`;
  } catch (error) {
    if (isAppError(error) && error.status < 500) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
    throw error;
  }
  redirect(target);
}

/** Ends a workspace's support access from the console (either operator role). */
export async function endSupportAccessAction(_previous: SupportActionResult, formData: FormData): Promise<SupportActionResult> {
  const caller = await consoleOperator();
  if (!caller) return NOT_FOUND;
  const tenantId = String(formData.get("tenantId") ?? "");
  try {
    const ended = await endSupportAccess({ tenantId, grantId: String(formData.get("grantId") ?? ""), endedBy: "console", actorUserId: caller.operator.id, meta: caller.meta });
    revalidatePath(`/admin/workspaces/${tenantId}/support`);
    return ended ? { ok: true, message: "Support access ended; its session on the workspace is signed out." } : { ok: false, error: "That support access had already ended." };
  } catch (error) {
    if (isAppError(error) && error.status < 500) return { ok: false, error: error.message };
    throw error;
  }
}
