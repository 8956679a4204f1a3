export const API_SCOPES = ["usage:write", "usage:read", "tenant:read", "events:read"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const SCOPE_LABELS: Record<ApiScope, string> = {
  "usage:write": "Report usage (POST /usage)",
  "usage:read": "Read usage and entitlements",
  "tenant:read": "Read workspace details",
  "events:read": "Read the workspace's events (GET /events)",
};

/** How long a rotated key keeps working, so deployments can switch over. */
export const ROTATION_GRACE_HOURS = 24;
