import "server-only";
import { and, eq } from "drizzle-orm";
import { ownerRecipientsWithLocale } from "../billing/recipients";
import { claimWebhookEndpoint } from "../db/cross-tenant-events";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, tenants } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { enqueueEmails } from "../email/enqueue-email";
import { emailServerText } from "../email/email-server-text";
import { emailDateTime } from "../email/email-text";
import { emailsPerLocale } from "../email/emails-per-locale";
import { env } from "../env";
import { logger } from "../logger";
import { postWebhook, WEBHOOK_TIMEOUT_MS, type PostOutcome } from "./post-webhook";
import { DISABLE_AFTER_FAILING_MS, nextAttemptAt } from "./retry-schedule";
import { openWebhookSecret } from "./secret-box";
import { webhookNetworkPolicy, type WebhookNetworkPolicy } from "./webhook-network-policy";
import { signedHeaders } from "./webhook-payload";

/** Longer than one attempt may take (10 s timeout plus recording): then another worker may take the endpoint. */
const LEASE_SECONDS = 60;

type Claim = NonNullable<Awaited<ReturnType<typeof claimWebhookEndpoint>>>;

export type DeliverWebhooksOptions = {
  /** The scheduling clock (due retries, leases, the 3-day disable); tests move it forward. Signatures always carry the real time. */
  now?: Date;
  limit?: number;
  policy?: WebhookNetworkPolicy;
  timeoutMs?: number;
  /** Deliveries in flight at once (each to a different endpoint; at most two per workspace, by the claim). */
  concurrency?: number;
  /** No new claim after this long, well inside the job's expiry (10 minutes). */
  budgetMs?: number;
};

/** `more`: the run stopped at its limit or time budget with deliveries possibly still due. */
export type WebhookDeliveryReport = { succeeded: number; failed: number; disabled: number; more: boolean };

/**
 * The `webhook-deliveries` job: claim (lease one endpoint with a due delivery, across workspaces,
 * through atrium_webhook_claim), commit, POST, record. No transaction is open during the request.
 * Two workers never hold the same endpoint, so each endpoint has at most one delivery in flight and
 * gets its oldest due delivery first; several run side by side, and no workspace gets more than
 * two of them, so one workspace's silent endpoints cannot hold up everyone else's.
 */
export async function deliverWebhooks(options: DeliverWebhooksOptions = {}): Promise<WebhookDeliveryReport> {
  const report: WebhookDeliveryReport = { succeeded: 0, failed: 0, disabled: 0, more: false };
  const policy = options.policy ?? webhookNetworkPolicy();
  const limit = options.limit ?? 200;
  const deadline = Date.now() + (options.budgetMs ?? 5 * 60_000);
  let claimed = 0;
  const worker = async () => {
    for (;;) {
      if (claimed >= limit || Date.now() > deadline) {
        report.more = true;
        return;
      }
      claimed++;
      const at = options.now ?? new Date();
      const claim = await claimWebhookEndpoint(at, LEASE_SECONDS);
      if (!claim) return;
      const outcome = await deliverClaimed(claim, at, policy, options.timeoutMs ?? WEBHOOK_TIMEOUT_MS);
      if (outcome === "succeeded") report.succeeded++;
      if (outcome === "failed" || outcome === "disabled") report.failed++;
      if (outcome === "disabled") report.disabled++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  return report;
}

async function deliverClaimed(claim: Claim, at: Date, policy: WebhookNetworkPolicy, timeoutMs: number): Promise<"succeeded" | "failed" | "disabled" | "skipped"> {
  const { tenantId, endpointId, leaseToken } = claim;
  const ours = and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.leaseToken, leaseToken));
  const release = () => withTenant(tenantId, (tx) => tx.update(webhookEndpoints).set({ leaseUntil: null, leaseToken: null }).where(ours));
  const loaded = claim.deliveryId
    ? await withTenant(tenantId, async (tx) => {
        const [endpoint] = await tx.select().from(webhookEndpoints).where(ours);
        const [delivery] = await tx
          .select()
          .from(webhookDeliveries)
          .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, claim.deliveryId!), eq(webhookDeliveries.status, "pending")));
        return endpoint && delivery ? { endpoint, delivery } : null;
      })
    : null;
  if (!loaded) {
    await release();
    return "skipped";
  }
  const { endpoint, delivery } = loaded;
  const context = { tenantId, endpointId };
  const secrets = [openWebhookSecret(endpoint.secretSealed, context)];
  if (endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > at) {
    secrets.push(openWebhookSecret(endpoint.previousSecretSealed, context));
  }
  const usable = secrets.filter((s): s is string => s !== null);
  const body = JSON.stringify(delivery.payload);
  const attempt = delivery.attempts + 1;
  let headers: Record<string, string> = {};
  let result: PostOutcome;
  if (!usable.length) {
    // AUTH_SECRET changed since the secret was sealed: nothing can be signed until it is rotated.
    result = { status: null, responseBody: null, durationMs: 0, error: "The signing secret cannot be read (the server's AUTH_SECRET changed); rotate the secret." };
  } else {
    headers = signedHeaders({ messageId: delivery.messageId, body, secrets: usable, sentAt: new Date() });
    result = await postWebhook({ url: endpoint.url, body, headers, policy, timeoutMs });
  }
  const succeeded = result.status !== null && result.status >= 200 && result.status < 300;
  const loggedHeaders = { ...headers, "webhook-signature": headers["webhook-signature"] ? "v1,…" : "" };
  return withTenant(tenantId, async (tx) => {
    // The endpoint's row first, then the delivery's: the order an edit or a deletion of the endpoint
    // takes them in (endpoint, then its deliveries). The other order let the two deadlock, and
    // PostgreSQL aborted one: an attempt sent but not recorded, or a member's edit failing.
    await tx.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, endpointId))).for("update");
    // The endpoint may have been deleted (its deliveries with it) while the request was out.
    const [still] = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, delivery.id)))
      .for("update");
    if (!still) return "skipped";
    await tx.insert(webhookAttempts).values({
      tenantId,
      deliveryId: delivery.id,
      attempt,
      requestHeaders: loggedHeaders,
      requestBody: body,
      responseStatus: result.status,
      responseBody: result.responseBody,
      durationMs: result.durationMs,
      error: result.error ?? (succeeded ? null : `The endpoint answered ${result.status}; only 2xx counts as delivered.`),
    });
    const retryAt = succeeded ? null : nextAttemptAt(attempt, at);
    await tx
      .update(webhookDeliveries)
      .set({
        attempts: attempt,
        status: succeeded ? "succeeded" : retryAt ? "pending" : "failed",
        nextAttemptAt: retryAt ?? at,
        lastAttemptAt: at,
        lastResponseStatus: result.status,
        lastDurationMs: result.durationMs,
      })
      .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.attempts, delivery.attempts)));
    if (succeeded) {
      await tx.update(webhookEndpoints).set({ leaseUntil: null, leaseToken: null, failingSince: null }).where(ours);
      return "succeeded";
    }
    if (!usable.length) {
      // Our fault (the server's AUTH_SECRET changed), not the receiver's: never held against the endpoint.
      await tx.update(webhookEndpoints).set({ leaseUntil: null, leaseToken: null }).where(ours);
      logger.error("a webhook signing secret cannot be opened (AUTH_SECRET changed?); the endpoint's secret must be rotated", { tenantId, endpointId });
      return "failed";
    }
    // Sent to an address the endpoint no longer has (edited while this request was out): the
    // failure says nothing about the new one, so it is not held against the endpoint.
    const [current] = await tx.select({ url: webhookEndpoints.url }).from(webhookEndpoints).where(ours);
    if (current && current.url !== endpoint.url) {
      await tx.update(webhookEndpoints).set({ leaseUntil: null, leaseToken: null }).where(ours);
      return "failed";
    }
    const failingSince = endpoint.failingSince ?? at;
    // Failing for three days, or a delivery that used up its retries (about three days of them)
    // after failing for at least a day: the endpoint is disabled (the owners are told).
    const failingFor = at.getTime() - failingSince.getTime();
    const disable = failingFor >= DISABLE_AFTER_FAILING_MS || (retryAt === null && failingFor >= DISABLE_AFTER_FAILING_MS / 3);
    await tx
      .update(webhookEndpoints)
      .set({
        leaseUntil: null,
        leaseToken: null,
        failingSince,
        ...(disable ? { enabled: false, disabledReason: "Deliveries failed for 3 days without a success.", updatedAt: new Date() } : {}),
      })
      .where(ours);
    if (!disable) return "failed";
    const [tenant] = await tx.select({ name: tenants.name, slug: tenants.slug }).from(tenants).where(eq(tenants.id, tenantId));
    const owners = await ownerRecipientsWithLocale(tx, tenantId);
    const last = result.error ?? String(result.status);
    const link = `${env.PUBLIC_PROTOCOL}://${tenant?.slug ?? ""}.${env.ROOT_DOMAIN}/dashboard/settings/webhooks`;
    await enqueueEmails(
      tx,
      emailsPerLocale(
        owners,
        (t, locale) => {
          // English keeps the ISO timestamp it always had; the error is the delivery's own English
          // sentence, stated through the catalogue the deliveries page uses.
          const since = locale === "en" ? failingSince.toISOString() : emailDateTime(failingSince, locale);
          return {
            subject: t("webhook.disabledSubject", { workspace: tenant?.name ?? t("webhook.yourWorkspace") }),
            text: t("webhook.disabledText", { url: endpoint.url, since, last: emailServerText(last, locale), link }),
          };
        },
        (to) => `webhook-disabled:${endpointId}:${failingSince.toISOString()}:${to}`,
      ),
    );
    logger.warn("webhook endpoint disabled after failing for 3 days", { tenantId, endpointId });
    return "disabled";
  });
}
