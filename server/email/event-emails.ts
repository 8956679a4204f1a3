import type { EventType } from "../../lib/event-catalog";
import type { TenantStatus } from "../db/schema";
import { invoicePaidEmail, paymentFailedEmail, statusChangeEmail } from "../billing/lifecycle-emails";
import type { RelayedEvent } from "../events/relay";
import { EVENT_SCHEMAS } from "../events/schemas";
import { emailDateTime } from "./email-text";
import { emailServerLines } from "./email-server-text";
import type { WriteEmail } from "./emails-per-locale";

/** Who hears about an event: the owners, or the owners and billing members. */
export type EmailAudience = "owners" | "billing";

/** Which email an event sends and to whom; `write` gives its words in each recipient's language. */
export type EventEmail = { audience: EmailAudience; write: WriteEmail };

/** The workspace as it is when the relay reaches the event (which may be later than the change). */
export type EmailedWorkspace = { id: string; name: string; slug: string; status: TenantStatus; deletedAt: Date | null };

/** The events that are told by email (server/email/email-consumer.ts sends them). */
export const EMAILED_EVENT_TYPES: ReadonlySet<string> = new Set<EventType>([
  "invoice.paid",
  "invoice.payment_failed",
  "domain.failing",
  "workspace.suspended",
  "workspace.cancelled",
]);

/**
 * The email an event sends, written from the event alone and the workspace's current state, or
 * null when it sends none. However late the relay reaches an event, what still matters is sent:
 * money always (a deleted workspace's last invoice too), a failing domain until its deadline,
 * a suspension or cancellation while the workspace is still in that state and not deleted. An
 * operator's suspension or cancellation is not emailed from here: the operator's action tells
 * the owners itself, with the reason it was given. Throws a ZodError for a payload it cannot read.
 */
export function emailForEvent(event: RelayedEvent, workspace: EmailedWorkspace, options: { domainGraceHours: number; now: Date }): EventEmail | null {
  switch (event.type) {
    case "invoice.paid": {
      const data = EVENT_SCHEMAS["invoice.paid"].parse(event.data);
      return { audience: "billing", write: invoicePaidEmail(workspace, data.amountCents, data.currency) };
    }
    case "invoice.payment_failed": {
      const data = EVENT_SCHEMAS["invoice.payment_failed"].parse(event.data);
      return { audience: "billing", write: paymentFailedEmail(workspace, data.amountCents, data.currency) };
    }
    case "domain.failing": {
      const data = EVENT_SCHEMAS["domain.failing"].parse(event.data);
      const deadline = data.disablesAt ? new Date(data.disablesAt) : new Date(event.createdAt.getTime() + options.domainGraceHours * 3_600_000);
      // Past its deadline the domain is disconnected, and that change sends its own email.
      if (workspace.deletedAt || deadline <= options.now) return null;
      return {
        audience: "owners",
        write: (t, locale) => {
          // The problems are the DNS check's own sentences, recorded in the event in English; a
          // German reader gets them through the same catalogue the domain page uses.
          const words = { hostname: data.hostname, workspace: workspace.name, problems: emailServerLines(data.problems, locale), deadline: emailDateTime(deadline, locale) };
          return { subject: t("domain.failingSubject", words), text: t("domain.failingText", words) };
        },
      };
    }
    case "workspace.suspended":
    case "workspace.cancelled": {
      const to: TenantStatus = event.type === "workspace.suspended" ? "suspended" : "cancelled";
      EVENT_SCHEMAS[event.type].parse(event.data);
      // Already lifted (a payment arrived) or gone: the news would be wrong.
      if (event.actor.type === "operator" || workspace.deletedAt || workspace.status !== to) return null;
      const write = statusChangeEmail(workspace, to, null);
      return write && { audience: "billing", write };
    }
    default:
      return null;
  }
}
