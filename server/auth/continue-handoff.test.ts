import { describe, expect, it } from "vitest";
import { makeTenant, makeUser } from "../../test/factories";
import { env } from "../env";
import { customDomainHandoffUrl } from "./custom-domain-handoff";
import { redeemHandoff } from "./handoff";

// The apex's /auth/continue brings people with a second factor back to a workspace subdomain
// whose own password form sent them to the apex (sign-in-flow.ts).
describe("continuing to a workspace subdomain from the apex", () => {
  it("hands a member off to that subdomain only", async () => {
    const { tenant, owner } = await makeTenant();
    const host = `${tenant.slug}.${env.ROOT_DOMAIN}`;
    const url = new URL((await customDomainHandoffUrl(owner.id, host, "/dashboard/members"))!);
    expect(url.host).toBe(host);
    expect(url.pathname).toBe("/auth/handoff");
    expect(url.searchParams.get("next")).toBe("/dashboard/members");
    // The token is for that host and nowhere else.
    expect(await redeemHandoff({ token: url.searchParams.get("token")!, host: `other.${env.ROOT_DOMAIN}` })).toBeNull();
    expect(await redeemHandoff({ token: url.searchParams.get("token")!, host })).toBe(owner.id);
  });

  it("gives a non-member, the apex, the console and malformed hosts nothing", async () => {
    const { tenant } = await makeTenant();
    const stranger = await makeUser();
    expect(await customDomainHandoffUrl(stranger.id, `${tenant.slug}.${env.ROOT_DOMAIN}`, "/dashboard")).toBeNull();
    expect(await customDomainHandoffUrl(stranger.id, env.ROOT_DOMAIN, "/dashboard")).toBeNull();
    expect(await customDomainHandoffUrl(stranger.id, `admin.${env.ROOT_DOMAIN}`, "/")).toBeNull();
    expect(await customDomainHandoffUrl(stranger.id, `a.b.${env.ROOT_DOMAIN}`, "/")).toBeNull();
  });
});
