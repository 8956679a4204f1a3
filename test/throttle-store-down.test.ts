import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";

// The limiter store is a Redis nobody listens on: sign-in throttling must still hold.
const closedPort = await new Promise<number>((resolve) => {
  const probe = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = probe.address() as net.AddressInfo;
    probe.close(() => resolve(port));
  });
});
process.env.REDIS_URL = `redis://127.0.0.1:${closedPort}`;

const { authenticateUser } = await import("../server/users/authenticate-user");
const { closeRateLimitStores, rateLimitCounters, resetRateLimitFailures } = await import("../server/rate-limit/gcra");
const { makeUser } = await import("./factories");

afterAll(() => {
  resetRateLimitFailures();
  closeRateLimitStores();
});

describe("sign-in throttling while the limiter store is unreachable", () => {
  it("fails closed: wrong passwords are throttled by the in-process limiter", async () => {
    const user = await makeUser();
    const results: string[] = [];
    for (let i = 0; i < 7; i++) {
      results.push(
        await authenticateUser({ email: user.email, password: "wrong-password-123", ip: "203.0.113.50" }).then(
          (u) => (u ? "user" : "wrong"),
          (error: { code?: string }) => error.code ?? "error",
        ),
      );
    }
    expect(results).toEqual(["wrong", "wrong", "wrong", "wrong", "wrong", "TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS"]);
    expect(rateLimitCounters().inProcessDecisions).toBeGreaterThan(0);
  });

  it("a correct password still signs in (from another address) and gets its attempt back", async () => {
    const user = await makeUser();
    const ok = await authenticateUser({ email: user.email, password: "a long test password", ip: "203.0.113.51" });
    expect(ok?.id).toBe(user.id);
  });
});
