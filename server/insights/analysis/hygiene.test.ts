import { describe, expect, it } from "vitest";
import { apiKeyFindings, inactiveMembers } from "./hygiene";

const d = (s: string) => new Date(s);
const NOW = d("2026-11-29T12:00:00Z");

describe("inactiveMembers", () => {
  const members = [
    { userId: "active", createdAt: d("2026-01-01T00:00:00Z"), lastSignInAt: d("2026-11-28T09:00:00Z") },
    { userId: "just-under", createdAt: d("2026-01-01T00:00:00Z"), lastSignInAt: d("2026-10-30T12:00:01Z") },
    { userId: "thirty-days", createdAt: d("2026-01-01T00:00:00Z"), lastSignInAt: d("2026-10-30T12:00:00Z") },
    { userId: "gone", createdAt: d("2026-01-01T00:00:00Z"), lastSignInAt: d("2026-06-01T00:00:00Z") },
    { userId: "invited-never-came", createdAt: d("2026-09-01T00:00:00Z"), lastSignInAt: null },
    { userId: "invited-yesterday", createdAt: d("2026-11-28T00:00:00Z"), lastSignInAt: null },
  ];

  it("lists members without a sign-in for 30 days, longest first, counting never-signed-in from joining", () => {
    expect(inactiveMembers(members, NOW).map((m) => [m.member.userId, m.daysInactive, m.neverSignedIn])).toEqual([
      ["gone", 181, false],
      ["invited-never-came", 89, true],
      ["thirty-days", 30, false],
    ]);
  });

  it("returns the caller's rows unchanged", () => {
    const [first] = inactiveMembers([{ ...members[3]!, email: "ana@example.test" }], NOW);
    expect(first?.member.email).toBe("ana@example.test");
  });
});

describe("apiKeyFindings", () => {
  const key = (id: string, fields: Partial<{ createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null; revokedAt: Date | null }>) => ({
    id,
    createdAt: d("2026-01-01T00:00:00Z"),
    lastUsedAt: d("2026-11-29T00:00:00Z"),
    expiresAt: d("2027-01-01T00:00:00Z"),
    revokedAt: null,
    ...fields,
  });
  const keys = [
    key("healthy", {}),
    key("no-expiry", { expiresAt: null }),
    key("unused-120", { lastUsedAt: d("2026-08-01T12:00:00Z") }),
    key("never-used-old", { lastUsedAt: null, createdAt: d("2026-05-01T00:00:00Z") }),
    key("never-used-new", { lastUsedAt: null, createdAt: d("2026-11-20T00:00:00Z") }),
    key("revoked-stale", { lastUsedAt: d("2026-01-02T00:00:00Z"), revokedAt: d("2026-02-01T00:00:00Z"), expiresAt: null }),
    key("expired-stale", { lastUsedAt: d("2026-01-02T00:00:00Z"), expiresAt: d("2026-11-01T00:00:00Z") }),
  ];

  it("flags live keys unused for 90 days or without an expiry, and ignores revoked and expired ones", () => {
    expect(apiKeyFindings(keys, NOW).map((f) => [f.key.id, f.unused, f.daysUnused, f.neverUsed, f.noExpiry])).toEqual([
      ["never-used-old", true, 212, true, false],
      ["unused-120", true, 120, false, false],
      ["no-expiry", false, 0, false, true],
    ]);
  });

  it("counts 90 days to the millisecond", () => {
    const edge = [key("day-89", { lastUsedAt: d("2026-08-31T12:00:01Z") }), key("day-90", { lastUsedAt: d("2026-08-31T12:00:00Z") })];
    expect(apiKeyFindings(edge, NOW).map((f) => f.key.id)).toEqual(["day-90"]);
  });
});
