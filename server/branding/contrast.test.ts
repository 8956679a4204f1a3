import { describe, expect, it } from "vitest";
import { contextFor, makeTenant } from "../../test/factories";
import { createCaller } from "../trpc/root";
import { contrastRatio } from "../../lib/contrast";

describe("brand colour contrast", () => {
  it("computes WCAG ratios", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 0);
    expect(contrastRatio("#ffffff", "#ffffff")).toBeCloseTo(1, 5);
    expect(contrastRatio("#1d4ed8", "#ffffff")).toBeGreaterThan(4.5);
    expect(contrastRatio("#facc15", "#ffffff")).toBeLessThan(2);
  });

  it("refuses a colour white text cannot be read on, saves a good one with an audit event", async () => {
    const t = await makeTenant();
    const caller = createCaller(contextFor({ user: t.owner, tenant: t.tenant }));
    await expect(caller.tenant.updateBranding({ brandColor: "#FACC15", publicDescription: null })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.tenant.updateBranding({ brandColor: "blue", publicDescription: null })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await caller.tenant.updateBranding({ brandColor: "#0F766E", publicDescription: "  We make widgets.  " })).toEqual({ brandColor: "#0f766e", publicDescription: "We make widgets." });
    // Saved again unchanged (a second click): nothing more in the log.
    expect(await caller.tenant.updateBranding({ brandColor: "#0f766e", publicDescription: "We make widgets." })).toEqual({ brandColor: "#0f766e", publicDescription: "We make widgets." });
    const log = await caller.audit.list({ filters: { action: "tenant.branding_updated" } });
    expect(log.total).toBe(1);
  });
});
