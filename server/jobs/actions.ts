"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { ZodError } from "zod";
import { operatorMayAct } from "../../lib/operator-roles";
import { operatorAccess } from "../auth/operator-access";
import { env } from "../env";
import { isAppError } from "../errors";
import { parseHost } from "../hosts/parse-host";
import { requestHost, requestMetaFromHeaders } from "../http/request-meta";
import { retryFailedJob } from "./retry-failed-job";

export type RetryJobResult = { ok: true; message: string } | { ok: false; error: string } | null;

const NOT_FOUND: RetryJobResult = { ok: false, error: "Not found." };

/**
 * The Jobs page's Retry button: operators only (with their second factor), and only on the
 * operator host — a server action can be posted to any host, so the host is checked here too.
 * Next checks the Origin of server actions and proxy.ts refuses cross-site posts (CSRF).
 */
export async function retryJobAction(_previous: RetryJobResult, formData: FormData): Promise<RetryJobResult> {
  const requestHeaders = await headers();
  if (parseHost(requestHost(requestHeaders), env.ROOT_DOMAIN).kind !== "admin") return NOT_FOUND;
  const access = await operatorAccess();
  if (access.kind !== "operator") return NOT_FOUND;
  if (!operatorMayAct(access.role)) return { ok: false, error: "Support operators can look but not act: ask an operator admin to retry this job." };
  try {
    const { queue, jobId } = await retryFailedJob({
      queue: String(formData.get("queue") ?? ""),
      jobId: String(formData.get("jobId") ?? ""),
      reason: String(formData.get("reason") ?? ""),
      actorUserId: access.user.id,
      meta: requestMetaFromHeaders(requestHeaders),
    });
    revalidatePath("/admin/jobs");
    return { ok: true, message: `Sent ${queue} job ${jobId.slice(0, 8)} back to its queue.` };
  } catch (error) {
    if (error instanceof ZodError) return { ok: false, error: error.issues[0]?.message ?? "Check the form." };
    if (isAppError(error)) return { ok: false, error: error.message };
    throw error;
  }
}
