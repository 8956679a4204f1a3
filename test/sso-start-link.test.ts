import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as startSso } from "../app/auth/sso/start/route";
import { env } from "../server/env";
import { ssoErrorMessage } from "../lib/sso-errors";

// Anyone may open the SSO start link, and every start of a workspace with SSO stores a single-use
// state: the link is limited per address, so a loop cannot fill the database.
describe("GET /auth/sso/start", () => {
  it("refuses an address past 120 starts a minute, with a message for the sign-in page", async () => {
    const open = () =>
      startSso(new NextRequest(`http://${env.ROOT_DOMAIN}/auth/sso/start?workspace=no-such-workspace`, { headers: { host: env.ROOT_DOMAIN } }));
    const places: string[] = [];
    for (let i = 0; i < 125; i++) {
      const res = await open();
      expect(res.status).toBe(303);
      places.push(new URL(res.headers.get("location")!).search);
    }
    expect(places.slice(0, 120).every((p) => p === "?sso_error=not_available")).toBe(true);
    expect(places.slice(120)).toEqual(Array(5).fill("?sso_error=too_many"));
    expect(ssoErrorMessage("too_many")).toMatch(/Too many single sign-on attempts/);
  });
});
