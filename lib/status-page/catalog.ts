// The public status page's vocabulary (isomorphic: the console's forms, the status page and the
// server all read it). Components are the critical paths the prober checks.

export const STATUS_COMPONENTS = ["dashboard", "api", "sign-in", "billing"] as const;
export type StatusComponent = (typeof STATUS_COMPONENTS)[number];

export const COMPONENT_LABELS: Record<StatusComponent, string> = {
  dashboard: "Dashboard",
  api: "Public API",
  "sign-in": "Sign-in",
  billing: "Billing",
};

export function isStatusComponent(value: unknown): value is StatusComponent {
  return typeof value === "string" && (STATUS_COMPONENTS as readonly string[]).includes(value);
}

/** `maintenance` is an announced maintenance window: shown like an incident, and left out of SLA minutes (lib/sla.ts). */
export const INCIDENT_IMPACTS = ["minor", "major", "critical", "maintenance"] as const;
export type IncidentImpact = (typeof INCIDENT_IMPACTS)[number];

export const IMPACT_LABELS: Record<IncidentImpact, string> = {
  minor: "Minor: degraded performance",
  major: "Major: partial outage",
  critical: "Critical: full outage",
  maintenance: "Maintenance: announced, not counted against the SLA",
};

/** An incident's stages; `resolved` ends it (an update with it is the resolution). */
export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
};

export const INCIDENT_TITLE_MAX = 200;
export const INCIDENT_UPDATE_MAX = 5_000;
