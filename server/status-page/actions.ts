"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { operatorAccess } from "../auth/operator-access";
import { env } from "../env";
import { isAppError, type FieldErrors } from "../errors";
import { parseHost } from "../hosts/parse-host";
import { clientIp, requestHost, requestMetaFromHeaders } from "../http/request-meta";
import { openIncident } from "./open-incident";
import { postIncidentUpdate } from "./post-incident-update";
import { confirmSubscription } from "./confirm-subscription";
import { subscribeToIncidents } from "./subscribe-to-incidents";
import { unsubscribeFromIncidents } from "./unsubscribe-from-incidents";

// Server actions of the status page (status.ROOT_DOMAIN) and of the console's incident pages
// (admin.ROOT_DOMAIN). A server action can be posted to any host, so each checks its own; proxy.ts
// refuses cross-site posts (CSRF). Domain errors below 500 come back as messages on the form.

export type StatusActionResult = { ok: true; message: string; incidentId?: string } | { ok: false; error: string; fieldErrors?: FieldErrors } | null;

const NOT_FOUND: StatusActionResult = { ok: false, error: "Not found." };

async function hostKind() {
  const requestHeaders = await headers();
  return { requestHeaders, kind: parseHost(requestHost(requestHeaders), env.ROOT_DOMAIN).kind };
}

async function asResult(run: () => Promise<StatusActionResult>): Promise<StatusActionResult> {
  try {
    return await run();
  } catch (error) {
    if (isAppError(error) && error.status < 500) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
    throw error;
  }
}

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : undefined;
};

async function consoleOperatorOf(): Promise<{ id: string; role: "support" | "admin" } | null> {
  const { kind } = await hostKind();
  if (kind !== "admin") return null;
  const access = await operatorAccess();
  return access.kind === "operator" ? { id: access.user.id, role: access.role } : null;
}

/** Console: open an incident (operator admins; support gets a readable refusal). */
export async function openIncidentAction(_previous: StatusActionResult, formData: FormData): Promise<StatusActionResult> {
  const operator = await consoleOperatorOf();
  if (!operator) return NOT_FOUND;
  const meta = requestMetaFromHeaders(await headers());
  return asResult(async () => {
    const components = formData.getAll("components").filter((v) => typeof v === "string");
    const { incident, emailsQueued } = await openIncident({
      operator,
      input: { title: text(formData, "title") ?? "", impact: text(formData, "impact"), components: components, status: text(formData, "status"), body: text(formData, "body") ?? "" },
      meta,
    });
    revalidatePath("/admin/incidents");
    return { ok: true, message: `Incident opened; ${emailsQueued} subscriber email(s) queued.`, incidentId: incident.id };
  });
}

/** Console: post an update to an incident; status `resolved` resolves it. */
export async function postIncidentUpdateAction(_previous: StatusActionResult, formData: FormData): Promise<StatusActionResult> {
  const operator = await consoleOperatorOf();
  if (!operator) return NOT_FOUND;
  const meta = requestMetaFromHeaders(await headers());
  return asResult(async () => {
    const { incident, emailsQueued } = await postIncidentUpdate({
      operator,
      input: { incidentId: text(formData, "incidentId") ?? "", status: text(formData, "status"), body: text(formData, "body") ?? "" },
      meta,
    });
    revalidatePath(`/admin/incidents/${incident.id}`);
    revalidatePath("/admin/incidents");
    return { ok: true, message: `${incident.resolvedAt ? "Incident resolved" : "Update posted"}; ${emailsQueued} subscriber email(s) queued.`, incidentId: incident.id };
  });
}

/** Status page: subscribe to incident emails (sends a confirmation link; throttled). */
export async function subscribeAction(_previous: StatusActionResult, formData: FormData): Promise<StatusActionResult> {
  const { kind, requestHeaders } = await hostKind();
  if (kind !== "status") return NOT_FOUND;
  return asResult(async () => ({ ok: true, ...(await subscribeToIncidents({ email: text(formData, "email") ?? "", ip: clientIp(requestHeaders) })) }));
}

/** Status page: the confirmation link's button. */
export async function confirmSubscriptionAction(_previous: StatusActionResult, formData: FormData): Promise<StatusActionResult> {
  const { kind } = await hostKind();
  if (kind !== "status") return NOT_FOUND;
  return asResult(async () => {
    const { email } = await confirmSubscription({ subscriberId: text(formData, "s"), token: text(formData, "t") });
    return { ok: true, message: `Subscribed: ${email} will get an email when an incident is opened, updated or resolved.` };
  });
}

/** Status page: the unsubscribe link's button. */
export async function unsubscribeAction(_previous: StatusActionResult, formData: FormData): Promise<StatusActionResult> {
  const { kind } = await hostKind();
  if (kind !== "status") return NOT_FOUND;
  return asResult(async () => {
    const { email } = await unsubscribeFromIncidents({ subscriberId: text(formData, "s"), token: text(formData, "t") });
    return { ok: true, message: `Unsubscribed: ${email} gets no more incident emails.` };
  });
}
