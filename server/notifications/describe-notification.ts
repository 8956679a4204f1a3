import type { NotificationCategory } from "../../lib/notification-categories";
import { formatMoney, USAGE_METRICS, type UsageMetric } from "../../lib/plans";
import { EVENT_SCHEMAS } from "../events/schemas";
import type { RelayedEvent } from "../events/relay";

/** Who hears about an event: members with these roles, or the person who asked for it. */
export type NotificationAudience = { roles: ("owner" | "admin" | "billing")[] } | { requester: true; fallbackRoles: ("owner" | "admin")[] };

export type NotificationDraft = {
  category: NotificationCategory;
  title: string;
  body: string;
  /** A path in the workspace's dashboard. */
  link: string;
  audience: NotificationAudience;
  /** Someone whose own action this is (the member who joined) hears nothing about it. */
  exceptUserId?: string;
};

export type DescribeNotificationOptions = { event: Pick<RelayedEvent, "type" | "version" | "data">; workspaceName: string };

const OWNERS_AND_ADMINS: NotificationAudience = { roles: ["owner", "admin"] };
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const isUsageMetric = (metric: string): metric is UsageMetric => Object.hasOwn(USAGE_METRICS, metric);
const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * What the bell says about an event, or null for events it does not announce (and for a version
 * this code does not know: the payload is read only through its schema, never trusted as is).
 */
export function describeNotification({ event, workspaceName }: DescribeNotificationOptions): NotificationDraft | null {
  if (event.version !== 1) return null;
  switch (event.type) {
    case "invoice.payment_failed": {
      const data = EVENT_SCHEMAS[event.type].safeParse(event.data);
      if (!data.success) return null;
      return {
        category: "billing",
        title: "A payment failed",
        body: `A payment of ${formatMoney(data.data.amountCents, data.data.currency)} for ${workspaceName} was declined. Update the payment method in Billing to keep the workspace running.`,
        link: "/dashboard/billing",
        // Admins cannot open Billing; billing members can fix it.
        audience: { roles: ["owner", "billing"] },
      };
    }
    case "usage.threshold_reached": {
      const data = EVENT_SCHEMAS[event.type].safeParse(event.data);
      if (!data.success) return null;
      const { metric, threshold, used, limit } = data.data;
      const label = isUsageMetric(metric) ? USAGE_METRICS[metric].label : metric;
      return {
        category: "usage",
        title: `${label}: ${threshold} % of the limit used`,
        body: `${workspaceName} has used ${used.toLocaleString("en-US")} of ${limit.toLocaleString("en-US")} ${label.toLowerCase()} this period.${threshold === 100 ? " Usage beyond the limit may be refused until the next period or an upgrade." : ""}`,
        link: "/dashboard/usage",
        audience: { roles: ["owner", "admin", "billing"] },
      };
    }
    case "member.joined": {
      const data = EVENT_SCHEMAS[event.type].safeParse(event.data);
      if (!data.success) return null;
      return {
        category: "members",
        title: "Invitation accepted",
        body: `${clip(data.data.email, 320)} joined ${workspaceName} as ${data.data.role}.`,
        link: "/dashboard/members",
        audience: OWNERS_AND_ADMINS,
        exceptUserId: data.data.userId,
      };
    }
    case "export.ready": {
      const data = EVENT_SCHEMAS[event.type].safeParse(event.data);
      if (!data.success) return null;
      const expires = data.data.expiresAt ? ` It can be downloaded until ${dateFormat.format(new Date(data.data.expiresAt))} UTC.` : "";
      return {
        category: "exports",
        title: "Your export is ready",
        body: `The export of ${workspaceName} is ready under Settings → Data.${expires}`,
        link: "/dashboard/settings/data",
        audience: { requester: true, fallbackRoles: ["owner", "admin"] },
      };
    }
    case "domain.failing": {
      const data = EVENT_SCHEMAS[event.type].safeParse(event.data);
      if (!data.success) return null;
      const problems = data.data.problems.length ? ` ${clip(data.data.problems.join(" "), 600)}` : "";
      return {
        category: "domains",
        title: `${data.data.hostname} is failing its DNS check`,
        body: `The custom domain no longer points to ${workspaceName}.${problems} Fix the DNS records before it is disconnected.`,
        link: "/dashboard/settings/domains",
        audience: OWNERS_AND_ADMINS,
      };
    }
    case "support.access_started": {
      const data = EVENT_SCHEMAS[event.type].safeParse(event.data);
      if (!data.success) return null;
      return {
        category: "security",
        title: "Platform support opened this workspace",
        body: `${data.data.mode === "write" ? "With write access" : "Read-only"}, for ${data.data.minutes} minutes. Reason given: ${clip(data.data.reason, 500)}`,
        link: "/dashboard/audit",
        audience: OWNERS_AND_ADMINS,
      };
    }
    default:
      return null;
  }
}
