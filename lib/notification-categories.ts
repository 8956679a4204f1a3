// The notification centre's categories (issue 15): what the bell shows and what a person may choose
// to receive by email. Plain data, shared by the account page's toggles and the server.

export const NOTIFICATION_CATEGORIES = ["billing", "usage", "members", "exports", "domains", "security", "insights"] as const;

export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];

export function isNotificationCategory(value: unknown): value is NotificationCategory {
  return typeof value === "string" && (NOTIFICATION_CATEGORIES as readonly string[]).includes(value);
}

/**
 * How each category's email is decided. `optional`: the person's preference (on by default).
 * `always`: a notice someone must act on or must know about; it cannot be turned off. Billing and
 * domain warnings are emailed by the change itself (record-invoice, the domain check), so the
 * notification centre does not send a second copy of those.
 */
export const NOTIFICATION_EMAIL: Record<NotificationCategory, "optional" | "always"> = {
  billing: "always",
  usage: "optional",
  members: "optional",
  exports: "optional",
  domains: "always",
  security: "always",
  // The weekly insights digest (server/insights/digest), to owners.
  insights: "optional",
};

export const NOTIFICATION_CATEGORY_LABELS: Record<NotificationCategory, { label: string; description: string }> = {
  billing: { label: "Billing", description: "A payment failed; the workspace may be suspended if it is not fixed." },
  usage: { label: "Usage", description: "A quota reached 80 % or 100 % of its limit this period." },
  members: { label: "Members", description: "Someone accepted an invitation and joined a workspace." },
  exports: { label: "Exports", description: "A workspace export you asked for is ready to download." },
  domains: { label: "Domains", description: "A custom domain stopped pointing here; it will be disconnected if not fixed." },
  security: { label: "Security", description: "Platform support opened a workspace you manage." },
  insights: { label: "Weekly insights", description: "On Mondays, the top insights of each workspace you own: plan savings, limits about to be reached, members and keys to tidy up." },
};

/** The categories a person may turn off by email. */
export const OPTIONAL_EMAIL_CATEGORIES = NOTIFICATION_CATEGORIES.filter((c) => NOTIFICATION_EMAIL[c] === "optional");
