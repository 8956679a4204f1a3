import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { createCaller } from "../server/trpc/root";
import { contextFor, makeTenant } from "./factories";

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

describe("billing router role checks", () => {
  it("owners and billing members manage billing; admins and members cannot see it; strangers get not-found", async () => {
    const { tenant, owner, members } = await makeTenant([{ role: "admin" }, { role: "billing" }, { role: "member" }]);
    const [admin, billing, member] = members.map((m) => m.user);
    for (const user of [admin!, member!]) {
      const caller = createCaller(contextFor({ user, tenant }));
      expect(await codeOf(caller.billing.current())).toBe("FORBIDDEN");
      expect(await codeOf(caller.billing.invoices())).toBe("FORBIDDEN");
      expect(await codeOf(caller.billing.createCheckout({ planId: "pro", interval: "month", attemptId: randomUUID() }))).toBe("FORBIDDEN");
      expect(await codeOf(caller.billing.cancel({ attemptId: randomUUID() }))).toBe("FORBIDDEN");
    }
    const stranger = (await makeTenant()).owner;
    expect(await codeOf(createCaller(contextFor({ user: stranger, tenant })).billing.current())).toBe("NOT_FOUND");

    for (const user of [owner, billing!]) {
      const caller = createCaller(contextFor({ user, tenant }));
      expect((await caller.billing.current()).tenant.status).toBe("trialing");
    }
    const { url } = await createCaller(contextFor({ user: billing!, tenant })).billing.createCheckout({ planId: "pro", interval: "year", attemptId: randomUUID() });
    expect(url).toMatch(/^\/dashboard\/billing\/checkout\/[0-9a-f-]{36}$/);
  });

  it("plans are public and Custom is contact-sales only", async () => {
    const plans = await createCaller(contextFor({ user: null })).billing.plans();
    expect(plans.map((p) => p.id)).toEqual(["starter", "pro", "enterprise", "custom"]);
    const { tenant, owner } = await makeTenant();
    const caller = createCaller(contextFor({ user: owner, tenant }));
    await expect(caller.billing.createCheckout({ planId: "custom", interval: "month", attemptId: randomUUID() })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/sales/) });
  });

  it("clear conflicts for actions that do not apply", async () => {
    const { tenant, owner } = await makeTenant();
    const caller = createCaller(contextFor({ user: owner, tenant }));
    await expect(caller.billing.cancel({ attemptId: randomUUID() })).rejects.toMatchObject({ code: "CONFLICT", message: "There is no subscription to cancel or resume." });
    await expect(caller.billing.changePlan({ planId: "pro", interval: "month", attemptId: randomUUID() })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(caller.billing.portal()).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/Choose a plan first/) });
    await expect(caller.billing.payLocalCheckout({ sessionId: "not-a-uuid", cardNumber: "4242" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
