import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { canonicalTimeZone, isTimeZone, timeFormat, timeZoneLabel, timeZoneOptions } from "../lib/time-zone";
import { getDb } from "../server/db/client";
import { users } from "../server/db/schema";
import { loadWorkspaceFrame } from "../server/tenants/workspace-frame";
import { createCaller } from "../server/trpc/root";
import { contextFor, makeTenant, makeUser } from "./factories";

// Issue 17: each person's time zone, checked against the runtime's zones, kept on the account and
// read with the dashboard frame (no statement of its own).

const code = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof TRPCError ? e.code : String(e)));

describe("time zones", () => {
  it("knows IANA zones and nothing else", () => {
    for (const zone of ["UTC", "Europe/Berlin", "Asia/Kolkata", "America/Argentina/Buenos_Aires"]) expect(isTimeZone(zone), zone).toBe(true);
    for (const zone of ["", "Mars/Olympus_Mons", "+05:30", "Europe/Berlin\u0000", "../etc/passwd", "A".repeat(65), 42, null]) expect(isTimeZone(zone), String(zone)).toBe(false);
    // Answers are remembered: asked again (a page formats many times), and in other cases, the same.
    for (let round = 0; round < 2; round++) {
      for (const zone of ["Europe/Berlin", "eUrope/BerliN", "utc", "Asia/Kolkata"]) expect(isTimeZone(zone), `${zone} round ${round}`).toBe(true);
      for (const zone of ["Mars/Olympus_Mons", "Europe/Berlinx"]) expect(isTimeZone(zone), `${zone} round ${round}`).toBe(false);
    }
    expect(timeZoneOptions()[0]).toBe("UTC");
    expect(timeZoneOptions()).toContain("Europe/Berlin");
    expect(timeZoneLabel("Asia/Kolkata")).toBe("Asia/Kolkata (UTC+05:30)");
    expect(timeZoneLabel("UTC")).toBe("UTC");
    const at = new Date("2026-11-30T23:30:00Z");
    expect(timeFormat("dateTime", "Asia/Kolkata").format(at)).toBe("Dec 1, 2026, 5:00:00 AM");
    expect(timeFormat("dateTime", null).format(at)).toBe("Nov 30, 2026, 11:30:00 PM");
    // A zone that went bad in storage falls back to UTC rather than throwing.
    expect(timeFormat("dateTime", "Nowhere/Else").format(at)).toBe("Nov 30, 2026, 11:30:00 PM");
  });

  it("is set by its owner only, refused with a readable message when unknown, and read with the workspace frame", async () => {
    const { tenant, owner } = await makeTenant();
    const caller = createCaller(contextFor({ user: owner, tenant }));
    // Kept under the runtime's own name for the zone (ICU's canonical one), which the offered list uses.
    const kolkata = canonicalTimeZone("Asia/Kolkata");
    expect(timeZoneOptions()).toContain(kolkata);
    expect(await caller.account.setTimeZone({ timeZone: "Asia/Kolkata" })).toEqual({ timeZone: kolkata });
    expect((await loadWorkspaceFrame(tenant.id, owner.id))?.timeZone).toBe(kolkata);

    const refused = await caller.account.setTimeZone({ timeZone: "Mars/Olympus_Mons" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe("BAD_REQUEST");
    expect((refused as TRPCError).message).toContain("Choose a time zone from the list");
    expect(await code(caller.account.setTimeZone({ timeZone: "UTC\u0000" }))).toBe("BAD_REQUEST");
    expect(await code(createCaller(contextFor({ user: null })).account.setTimeZone({ timeZone: "UTC" }))).toBe("UNAUTHORIZED");

    // UTC is stored as unset; another person's setting is untouched.
    const other = await makeUser();
    await createCaller(contextFor({ user: other })).account.setTimeZone({ timeZone: "Europe/Berlin" });
    await caller.account.setTimeZone({ timeZone: "UTC" });
    const [mine] = await getDb().select({ timeZone: users.timeZone }).from(users).where(eq(users.id, owner.id));
    const [theirs] = await getDb().select({ timeZone: users.timeZone }).from(users).where(eq(users.id, other.id));
    expect(mine?.timeZone).toBeNull();
    expect(theirs?.timeZone).toBe("Europe/Berlin");
    expect((await loadWorkspaceFrame(tenant.id, owner.id))?.timeZone).toBeNull();
  });
});
