import postgres from "postgres";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import * as tenantRoute from "../app/api/v1/tenant/route";
import * as usageRoute from "../app/api/v1/usage/route";
import { findApiKeyByHash, findInvitationByTokenHash } from "../server/db/cross-tenant";
import { hashApiKey } from "../server/api-keys/key-format";
import { acceptInvitation, inviteMember, viewInvitation } from "../server/members/invitations";
import { deleteTenant } from "../server/tenants/delete-tenant";
import { createHash } from "node:crypto";
import { getDb } from "../server/db/client";
import { emailOutbox } from "../server/db/schema";
import { desc, eq } from "drizzle-orm";
import { apiTenant, call } from "./api-helpers";
import { makeUser, TEST_META } from "./factories";

// A long tenant-cache TTL: the host must go dark because deletion invalidates it, not by expiry.
process.env.TENANT_CACHE_TTL_MS = "60000";
const { proxy } = await import("../proxy");

const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
afterAll(() => admin.end({ timeout: 5 }));

async function inviteToken(email: string): Promise<string> {
  const [mail] = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, email)).orderBy(desc(emailOutbox.createdAt)).limit(1);
  return /\/invite\/([A-Za-z0-9_-]{43})/.exec(mail?.bodyText ?? "")![1]!;
}

const request = (host: string, path: string) => new NextRequest(new URL(path, `http://${host}`), { headers: { host } });

describe("a deleted (pending-purge) workspace", () => {
  it("its API keys stop working at once (401), also when they were just used and cached", async () => {
    const t = await apiTenant();
    expect((await call(tenantRoute.GET as never, { key: t.key.secret })).status).toBe(200);
    await deleteTenant({ tenantId: t.tenant.id, actorUserId: t.owner.id, confirmSlug: t.tenant.slug, meta: TEST_META });
    const res = await call(tenantRoute.GET as never, { key: t.key.secret });
    expect(res.status).toBe(401);
    expect(res.body?.error?.code).toBe("unauthorized");
    const post = await call(usageRoute.POST as never, { key: t.key.secret, body: { events: [{ metric: "units", quantity: 1, idempotencyKey: "x-1" }] } });
    expect(post.status).toBe(401);
    // The cross-tenant look-up itself no longer finds it (other instances: after their 5 s cache).
    expect(await findApiKeyByHash(hashApiKey(t.key.secret))).toBeNull();
  });

  it("its invitations are dead: the accept page says invalid, accepting is refused", async () => {
    const t = await apiTenant();
    const invitee = await makeUser("Invitee");
    await inviteMember({ tenantId: t.tenant.id, actorUserId: t.owner.id, actorRole: "owner", meta: TEST_META, email: invitee.email, role: "member" });
    const token = await inviteToken(invitee.email);
    expect((await viewInvitation({ token })).state).toBe("pending");
    await deleteTenant({ tenantId: t.tenant.id, actorUserId: t.owner.id, confirmSlug: t.tenant.slug, meta: TEST_META });
    expect(await viewInvitation({ token })).toEqual({ state: "invalid" });
    expect(await findInvitationByTokenHash(createHash("sha256").update(token).digest("hex"))).toBeNull();
    await expect(acceptInvitation({ token, userId: invitee.id, userEmail: invitee.email, meta: TEST_META })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [row] = await admin`select count(*)::int as n from memberships where tenant_id = ${t.tenant.id} and user_id = ${invitee.id}`;
    expect(row!.n).toBe(0);
  });

  it("its subdomain and its verified custom domain show not-found (404), although both were cached", async () => {
    const t = await apiTenant();
    const hostname = `portal-${t.tenant.slug}.customer.test`;
    await admin`insert into tenant_domains (tenant_id, hostname, verification_token, status, verified_at)
                values (${t.tenant.id}, ${hostname}, 'x', 'verified', now())`;
    const sub = `${t.tenant.slug}.localhost:3000`;
    expect((await proxy(request(sub, "/"))).headers.get("x-middleware-rewrite")).toContain(`/t/${t.tenant.slug}`);
    expect((await proxy(request(hostname, "/"))).headers.get("x-middleware-rewrite")).toContain(`/t/${t.tenant.slug}`);
    await deleteTenant({ tenantId: t.tenant.id, actorUserId: t.owner.id, confirmSlug: t.tenant.slug, meta: TEST_META });
    for (const host of [sub, hostname]) {
      for (const path of ["/", "/dashboard", "/sign-in"]) {
        const res = await proxy(request(host, path));
        expect(res.status, `${host}${path}`).toBe(404);
        expect(new URL(res.headers.get("x-middleware-rewrite")!).pathname).toBe("/status/tenant-not-found");
      }
    }
  });
});
