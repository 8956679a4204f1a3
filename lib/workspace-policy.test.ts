import { describe, expect, it } from "vitest";
import { CAPABILITIES, capabilityForPage, decideWorkspaceAccess, STATUS_CAPABILITIES, WORKSPACE_STATUSES } from "./workspace-policy";

describe("workspace policy", () => {
  it("a workspace in good standing allows everything; suspended and cancelled keep only the way back out", () => {
    for (const status of ["trialing", "active", "past_due"] as const) expect(STATUS_CAPABILITIES[status]).toEqual(CAPABILITIES);
    for (const status of ["suspended", "cancelled"] as const) {
      expect([...STATUS_CAPABILITIES[status]].sort()).toEqual(["billing", "delete", "enter", "export", "leave"]);
    }
  });

  it("decides in order: not found, sign-in, status, role", () => {
    const active = { status: "active" as const };
    const suspended = { status: "suspended" as const };
    expect(decideWorkspaceAccess({ workspace: null, role: "owner" }, { capability: "view" })).toMatchObject({ reason: "not_found" });
    expect(decideWorkspaceAccess({ workspace: { ...active, deleted: true }, role: "owner" }, { capability: "view" })).toMatchObject({ reason: "not_found" });
    expect(decideWorkspaceAccess({ workspace: active, role: undefined }, { capability: "view" })).toMatchObject({ reason: "unauthenticated" });
    // A stranger never hears that a workspace is suspended.
    expect(decideWorkspaceAccess({ workspace: suspended, role: null }, { capability: "change" })).toMatchObject({ reason: "not_found" });
    expect(decideWorkspaceAccess({ workspace: suspended, role: "owner" }, { capability: "change" })).toMatchObject({ reason: "suspended" });
    expect(decideWorkspaceAccess({ workspace: suspended, role: "owner" }, { capability: "billing", permission: "billing:manage" })).toEqual({ allowed: true });
    expect(decideWorkspaceAccess({ workspace: suspended, role: "member" }, { capability: "billing", permission: "billing:manage" })).toMatchObject({ reason: "forbidden" });
    expect(decideWorkspaceAccess({ workspace: active, role: "member" }, { capability: "change", permission: "members:manage" })).toMatchObject({ reason: "forbidden" });
    // The refusal names whom to ask: people whose role may do it (an admin cannot do billing).
    const ask = (permission: Parameters<typeof decideWorkspaceAccess>[1]["permission"]) => {
      const decision = decideWorkspaceAccess({ workspace: active, role: "member" }, { capability: "change", permission });
      return decision.allowed ? null : decision.message;
    };
    expect(ask("members:manage")).toBe("Your role does not allow this. Ask an owner or admin.");
    expect(ask("billing:manage")).toBe("Your role does not allow this. Ask an owner or a billing member.");
    expect(ask("security:manage")).toBe("Your role does not allow this. Ask an owner.");
    expect(decideWorkspaceAccess({ workspace: active, role: "admin" }, { capability: "change", permission: "members:manage" })).toEqual({ allowed: true });
  });

  it("every status has an entry, and unknown input is refused rather than looked up", () => {
    for (const status of WORKSPACE_STATUSES) expect(STATUS_CAPABILITIES[status].length).toBeGreaterThan(0);
    const hostile = { status: "toString" as never };
    expect(decideWorkspaceAccess({ workspace: hostile, role: "owner" }, { capability: "view" })).toMatchObject({ allowed: false });
    expect(decideWorkspaceAccess({ workspace: { status: "active" }, role: "constructor" as never }, { capability: "view", permission: "tenant:read" })).toMatchObject({ allowed: false });
  });

  it("maps page areas to capabilities by whole path segments", () => {
    expect(capabilityForPage("/dashboard/billing")).toBe("billing");
    expect(capabilityForPage("/dashboard/billing/checkout/abc")).toBe("billing");
    expect(capabilityForPage("/dashboard/billingx")).toBe("view");
    expect(capabilityForPage("/dashboard/settings/data")).toBe("export");
    expect(capabilityForPage("/dashboard/settings")).toBe("view");
    expect(capabilityForPage("/sign-in")).toBe("enter");
    expect(capabilityForPage("/")).toBe("view");
  });
});
