import { describe, expect, it, vi } from "vitest";
import { contextFor, makeTenant, TEST_META } from "./factories";

// A session on a workspace's custom domain stays on that domain (server/auth/current-user.ts): the
// platform does not control the name, so its cookies may reach whoever answers for it next. Its
// workspace switcher, deletion and second-factor redirects must not carry it anywhere else.
const request = vi.hoisted(() => ({ host: "" }));
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: () => undefined }),
  headers: async () => new Headers(request.host ? { host: request.host } : {}),
}));

const { handoffUrl } = await import("../server/auth/handoff-url");
const { redeemHandoff } = await import("../server/auth/handoff");
const { addMember } = await import("../server/members/add-member");
const { createCaller } = await import("../server/trpc/root");
const { env } = await import("../server/env");


describe("hand-offs from a workspace's custom domain", () => {
  it("are plain links: the switcher from a custom domain mints no token, from the platform's own hosts it does", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    await addMember({ tenantId: b.tenant.id, userId: a.owner.id, role: "admin", actorUserId: b.owner.id, meta: TEST_META });
    const bOrigin = `${env.PUBLIC_PROTOCOL}://${b.tenant.slug}.${env.ROOT_DOMAIN}`;

    request.host = "portal.customer-example.test";
    const onDomain = createCaller({ ...contextFor({ user: a.owner, tenant: a.tenant }), host: { kind: "foreign", hostname: "portal.customer-example.test" } });
    const { redirectUrl } = await onDomain.tenant.switchTo({ slug: b.tenant.slug });
    expect(redirectUrl).toBe(`${bOrigin}/dashboard`);
    // Nor the apex or the operator console, whatever the caller.
    expect(await handoffUrl(a.owner.id, { kind: "apex" }, "/workspaces?deleted=1")).toBe(`${env.PUBLIC_PROTOCOL}://${env.ROOT_DOMAIN}/workspaces?deleted=1`);
    expect(await handoffUrl(a.owner.id, { kind: "admin" }, "/")).not.toContain("token=");

    // On the workspace's platform subdomain (or the apex), the switcher carries the session over.
    request.host = `${a.tenant.slug}.${env.ROOT_DOMAIN}`;
    const onSubdomain = createCaller(contextFor({ user: a.owner, tenant: a.tenant }));
    const carried = new URL((await onSubdomain.tenant.switchTo({ slug: b.tenant.slug })).redirectUrl);
    expect(carried.pathname).toBe("/auth/handoff");
    expect(carried.searchParams.get("next")).toBe("/dashboard");
    expect(await redeemHandoff({ token: carried.searchParams.get("token")!, host: carried.host })).toBe(a.owner.id);
    // Outside any request (a job, a script), nothing to confine: a hand-off as before.
    request.host = "";
    expect(await handoffUrl(a.owner.id, { kind: "tenant", slug: b.tenant.slug }, "/dashboard")).toContain("/auth/handoff?token=");
  });
});
