import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as startSso } from "../app/auth/sso/start/route";
import { env } from "../server/env";

// Anyone may open the SSO start link, and every start of a workspace with SSO stores a single-use
// state: the link is limited per address, so a loop cannot fill the database.
describe("GET /auth/sso/start", () => {
  it("refuses an address past 120 starts a minute with a 429 that says when to try again", async () => {
    const open = () =>
      startSso(new NextRequest(`http://${env.ROOT_DOMAIN}/auth/sso/start?workspace=no-such-workspace`, { headers: { host: env.ROOT_DOMAIN } }));
    const places: string[] = [];
    for (let i = 0; i < 120; i++) {
      const res = await open();
      expect(res.status).toBe(303);
      places.push(new URL(res.headers.get("location")!).search);
    }
    expect(places.every((p) => p === "?sso_error=not_available")).toBe(true);
    // Past the limit: an answer of its own (the sign-in page would send a signed-in member on, and
    // enforced SSO back here, in a loop), saying when to try again.
    for (let i = 0; i < 3; i++) {
      const res = await open();
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await res.text()).toMatch(/^Too many single sign-on attempts from your network/);
    }
  });
});
