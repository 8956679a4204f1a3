import { describe, expect, it } from "vitest";
import { canEditMember } from "./permissions";

describe("canEditMember", () => {
  it("lets owners edit anyone but themselves, admins everyone but owners, and nobody else anyone", () => {
    expect(canEditMember("owner", "owner", false)).toBe(true);
    expect(canEditMember("owner", "member", false)).toBe(true);
    expect(canEditMember("owner", "owner", true)).toBe(false);
    expect(canEditMember("admin", "owner", false)).toBe(false);
    expect(canEditMember("admin", "billing", false)).toBe(true);
    expect(canEditMember("admin", "admin", true)).toBe(false);
    expect(canEditMember("billing", "member", false)).toBe(false);
    expect(canEditMember("member", "member", false)).toBe(false);
  });
});
