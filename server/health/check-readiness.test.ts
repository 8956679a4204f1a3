import { describe, expect, it } from "vitest";
import { pingRateLimitRedis } from "../rate-limit/gcra";
import { checkReadiness, resetReadinessChecks } from "./check-readiness";

describe("readiness", () => {
  it("is ready with the database reachable and every migration of this build applied, and says what it checked", async () => {
    resetReadinessChecks();
    const readiness = await checkReadiness();
    expect(readiness).toMatchObject({ ready: true, checks: { database: true, migrations: true } });
    expect(readiness.checks.redis).toBe(process.env.REDIS_URL ? true : "not configured");
  });

  it("counts a Redis that does not answer as unavailable, quickly and without throwing", async () => {
    const started = Date.now();
    expect(await pingRateLimitRedis("redis://127.0.0.1:1").catch(() => false)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
