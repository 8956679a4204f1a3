import { INTL_LOCALE, type Locale } from "../../lib/i18n/locales";
import { USAGE_METRICS, type UsageMetric } from "../../lib/plans";
import { emailTranslator } from "../email/email-text";
import { EVENT_SCHEMAS } from "../events/schemas";
import { insightWords } from "../insights/insight-words";
import type { DescribeNotificationOptions, NotificationDraft } from "./describe-notification";

// A notification's title and body as its email states them, in the recipient's language. The bell
// keeps the English that describeNotification stores (the app translates it for display); the
// email is written from the event's facts, so numbers and dates read the recipient's way. English
// is word for word what is stored.

export type NotificationWords = { title: string; body: string };

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const isUsageMetric = (metric: string): metric is UsageMetric => Object.hasOwn(USAGE_METRICS, metric);
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
function exportDate(when: Date, locale: Locale): string {
  let format = dateFormats.get(locale);
  if (!format) {
    // English keeps "en" (not en-US's INTL_LOCALE tag) as the stored sentence does.
    format = new Intl.DateTimeFormat(locale === "en" ? "en" : INTL_LOCALE[locale], { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
    dateFormats.set(locale, format);
  }
  return format.format(when);
}

/**
 * The words of a notification's email. Payment failures and failing domains are emailed by the
 * emails consumer instead (notification-email-policy.ts): should they ever be emailed from here,
 * they keep the stored English rather than go unsent.
 */
export function notificationEmailWords({ event, workspaceName }: DescribeNotificationOptions, draft: NotificationDraft, locale: Locale): NotificationWords {
  const t = emailTranslator(locale);
  const workspace = workspaceName;
  const number = (n: number) => n.toLocaleString(INTL_LOCALE[locale]);
  switch (event.type) {
    case "usage.threshold_reached": {
      const data = EVENT_SCHEMAS[event.type].safeParse(event.data);
      if (!data.success) break;
      const { metric, threshold, used, limit } = data.data;
      const label = isUsageMetric(metric) ? insightWords(locale).metric(metric) : metric;
      return {
        title: t("notification.usageTitle", { metric: label, threshold: String(threshold) }),
        // English names the metric in lower case inside the sentence; German nouns keep their capitals.
        body: t("notification.usageBody", { workspace, used: number(used), limit: number(limit), metric: locale === "en" ? label.toLowerCase() : label, full: threshold === 100 ? "yes" : "no" }),
      };
    }
    case "member.joined": {
      const data = EVENT_SCHEMAS[event.type].safeParse(event.data);
      if (!data.success) break;
      return { title: t("notification.memberJoinedTitle"), body: t("notification.memberJoinedBody", { email: clip(data.data.email, 320), workspace, role: data.data.role }) };
    }
    case "export.ready": {
      const data = EVENT_SCHEMAS[event.type].safeParse(event.data);
      if (!data.success) break;
      const { expiresAt } = data.data;
      return {
        title: t("notification.exportTitle"),
        body: expiresAt ? t("notification.exportBodyUntil", { workspace, until: exportDate(new Date(expiresAt), locale) }) : t("notification.exportBody", { workspace }),
      };
    }
    case "support.access_started": {
      const data = EVENT_SCHEMAS[event.type].safeParse(event.data);
      if (!data.success) break;
      return { title: t("notification.supportTitle"), body: t("notification.supportBody", { mode: data.data.mode, minutes: data.data.minutes, reason: clip(data.data.reason, 500) }) };
    }
  }
  return { title: draft.title, body: draft.body };
}

