import { describe, expect, it } from "vitest";
import { hasPermission, PERMISSIONS, ROLE_PERMISSIONS } from "../../lib/permissions";

describe("role -> permission table", () => {
  it("gives owners every permission", () => {
    for (const p of PERMISSIONS) expect(hasPermission("owner", p)).toBe(true);
  });

  it.each([
    ["admin", "tenant:update", true],
    ["admin", "billing:manage", false],
    ["billing", "billing:manage", true],
    ["billing", "tenant:update", false],
    ["billing", "audit:read", false],
    ["member", "members:read", true],
    ["member", "tenant:update", false],
    ["member", "audit:read", false],
    ["member", "api-keys:manage", false],
  ] as const)("%s / %s -> %s", (role, permission, allowed) => {
    expect(hasPermission(role, permission)).toBe(allowed);
  });

  it("only names known permissions", () => {
    for (const list of Object.values(ROLE_PERMISSIONS)) for (const p of list) expect(PERMISSIONS).toContain(p);
  });
});
