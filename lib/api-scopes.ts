import enWorkspace from "./i18n/messages/en/workspace.json";

export const API_SCOPES = ["usage:write", "usage:read", "tenant:read", "events:read"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

// In English; the words are the messages' (WorkspaceApiKeys.create.scope, keyed without the colon).
const scopeMessages = enWorkspace.WorkspaceApiKeys.create.scope;
export const SCOPE_LABELS: Record<ApiScope, string> = {
  "usage:write": scopeMessages.usageWrite,
  "usage:read": scopeMessages.usageRead,
  "tenant:read": scopeMessages.tenantRead,
  "events:read": scopeMessages.eventsRead,
};

/** How long a rotated key keeps working, so deployments can switch over. */
export const ROTATION_GRACE_HOURS = 24;
