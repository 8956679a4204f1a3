// What a member may do in a workspace, decided in one place (STYLE.md "One request guard").
// Isomorphic data and pure functions: proxy.ts, tRPC procedures, route handlers, the public API
// wrapper and pages all ask `decideWorkspaceAccess`; none of them keeps its own list.
import { hasPermission, MEMBERSHIP_ROLES, type MembershipRole, type Permission } from "./permissions";

/** Kinds of thing a request does in a workspace. */
export const CAPABILITIES = [
  /** Reach the workspace at all: its sign-in, the dashboard frame, the "suspended" notice. */
  "enter",
  /** Read the workspace's data (overview, members, usage, keys, audit log, public page). */
  "view",
  /** Change the workspace's data. */
  "change",
  /** See and manage billing: how a suspended or cancelled workspace is restored. */
  "billing",
  /** Export the workspace's data. */
  "export",
  /** Delete the workspace. */
  "delete",
  /** Leave the workspace (a member's own membership). */
  "leave",
  /** The public REST API, with an API key. */
  "api",
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const WORKSPACE_STATUSES = ["trialing", "active", "past_due", "suspended", "cancelled"] as const;
export type WorkspaceStatus = (typeof WORKSPACE_STATUSES)[number];

/**
 * Capabilities per lifecycle status (DESIGN.md "Tenant lifecycle"). A suspended or cancelled
 * workspace keeps what it needs to be restored, to take its data away, or to be closed. A deleted
 * workspace has none: it is not found, whoever asks.
 */
export const STATUS_CAPABILITIES: Record<WorkspaceStatus, readonly Capability[]> = {
  trialing: CAPABILITIES,
  active: CAPABILITIES,
  past_due: CAPABILITIES,
  suspended: ["enter", "billing", "export", "delete", "leave"],
  cancelled: ["enter", "billing", "export", "delete", "leave"],
};

/**
 * The capability each area of a workspace host needs, longest prefix first. Used by proxy.ts
 * before a page renders (so a suspended workspace answers 403 with its notice); every other page
 * needs "view".
 */
const PAGE_AREAS: readonly (readonly [prefix: string, capability: Capability])[] = [
  // Ending support access (server/support) is leaving, not viewing: it must work in a suspended workspace too.
  ["/dashboard/support/end", "enter"],
  ["/dashboard/settings/data", "export"],
  ["/dashboard/billing", "billing"],
  ["/sign-in", "enter"],
];

export function capabilityForPage(pathname: string): Capability {
  for (const [prefix, capability] of PAGE_AREAS) {
    if (pathname === prefix || pathname.startsWith(`${prefix}/`)) return capability;
  }
  return "view";
}

export function statusAllows(status: WorkspaceStatus, capability: Capability): boolean {
  return Object.hasOwn(STATUS_CAPABILITIES, status) && STATUS_CAPABILITIES[status].includes(capability);
}

export type AccessSubject = {
  /** The workspace the host names; null when there is none (or it is deleted). */
  workspace: { status: WorkspaceStatus; deleted?: boolean } | null;
  /** undefined: nobody is signed in; null: signed in, not a member. */
  role: MembershipRole | null | undefined;
};

export type AccessRequest = { capability: Capability; permission?: Permission };

export type AccessDecision =
  | { allowed: true }
  | { allowed: false; reason: "not_found" | "unauthenticated" | "suspended" | "forbidden"; message: string };

const SUSPENDED_MESSAGE = "This workspace is suspended. Restore it in Billing to make changes.";
/** Whom to ask: the roles that may do it (billing's own role for billing, not an admin who cannot). */
function forbiddenMessage(permission: Permission): string {
  const may = MEMBERSHIP_ROLES.filter((r) => hasPermission(r, permission));
  if (may.includes("admin")) return "Your role does not allow this. Ask an owner or admin.";
  if (may.includes("billing")) return "Your role does not allow this. Ask an owner or a billing member.";
  return "Your role does not allow this. Ask an owner.";
}

/**
 * The one decision. Order matters: a stranger learns nothing (not found), then sign-in, then what
 * the workspace's status still allows, then the member's role.
 */
export function decideWorkspaceAccess(subject: AccessSubject, request: AccessRequest): AccessDecision {
  const { workspace, role } = subject;
  if (!workspace || workspace.deleted) return { allowed: false, reason: "not_found", message: "Workspace not found." };
  if (role === undefined) return { allowed: false, reason: "unauthenticated", message: "Please sign in." };
  if (role === null) return { allowed: false, reason: "not_found", message: "Workspace not found." };
  if (!statusAllows(workspace.status, request.capability)) return { allowed: false, reason: "suspended", message: SUSPENDED_MESSAGE };
  if (request.permission && !hasPermission(role, request.permission)) return { allowed: false, reason: "forbidden", message: forbiddenMessage(request.permission) };
  return { allowed: true };
}
