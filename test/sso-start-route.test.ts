import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";

// GET /auth/sso/start?workspace=… stores a one-time state per call and tells whether a workspace
// uses single sign-on: held to the sign-in form's per-address limit (30 in 5 minutes).
const { GET } = await import("../app/auth/sso/start/route");
const { env } = await import("../server/env");

describe("starting a workspace's single sign-on by link", () => {
  it("answers 429 with Retry-After past 30 starts from one address in five minutes", async () => {
    const start = () => GET(new NextRequest(`http://${env.ROOT_DOMAIN}/auth/sso/start?workspace=no-such-workspace&next=/dashboard`, { headers: { host: env.ROOT_DOMAIN } }));
    for (let i = 0; i < 30; i++) {
      const answer = await start();
      expect(answer.status).toBe(303);
      expect(answer.headers.get("location")).toContain("/sign-in?sso_error=");
    }
    const refused = await start();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.text()).toMatch(/^Too many attempts\. Try again in /);
  });
});
