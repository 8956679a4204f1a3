import { eq } from "drizzle-orm";
import { createApiKey } from "../server/api-keys/manage-api-keys";
import type { ApiScope } from "../lib/api-scopes";
import { withTenant } from "../server/db/with-tenant";
import { tenants } from "../server/db/schema";
import { invalidateUsageSnapshot } from "../server/usage/usage-snapshot";
import { makeTenant, TEST_META } from "./factories";

export const ALL_SCOPES: ApiScope[] = ["usage:write", "usage:read", "tenant:read", "events:read"];

/** A tenant on `planId` (active) with an API key. */
export async function apiTenant(options: { planId?: "starter" | "pro" | "enterprise" | "custom"; scopes?: ApiScope[] } = {}) {
  const made = await makeTenant();
  if (options.planId) {
    await withTenant(made.tenant.id, (tx) => tx.update(tenants).set({ status: "active", planId: options.planId }).where(eq(tenants.id, made.tenant.id)));
    invalidateUsageSnapshot(made.tenant.id);
  }
  const key = await createApiKey({ tenantId: made.tenant.id, actorUserId: made.owner.id, meta: TEST_META, name: `key-${Math.random()}`, scopes: options.scopes ?? ALL_SCOPES, expiresInDays: null });
  return { ...made, key };
}

type RouteHandler = (req: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function call(handler: RouteHandler, options: { key?: string | null; method?: string; path?: string; body?: unknown; rawBody?: string | Uint8Array<ArrayBuffer>; headers?: Record<string, string>; params?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  let body: string | Uint8Array<ArrayBuffer> | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const req = new Request(`http://localhost:3000/api/v1${options.path ?? "/"}`, { method: options.method ?? (body ? "POST" : "GET"), headers, body });
  const res = await handler(req, { params: Promise.resolve(options.params ?? {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown> & { error?: { code: string; message: string; field?: string } }) : null };
}
