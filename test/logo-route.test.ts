import { describe, expect, it, vi } from "vitest";
import { makeTenant } from "./factories";

// The logo upload route as a browser or a hand-made request reaches it. The session lookup is the
// only stand-in (it needs Next's request scope); membership, storage and SQL are real.
const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: string } | null }));
vi.mock("../server/auth/current-user", () => ({ getSessionUser: async () => session.user }));
const { POST: upload } = await import("../app/t/[tenant]/dashboard/settings/logo/route");

const PNG_1X1 = new Uint8Array(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"));

async function post(body: Uint8Array<ArrayBuffer>, headers: Record<string, string>) {
  const { tenant, owner } = await makeTenant();
  session.user = { id: owner.id, email: owner.email, name: owner.name };
  const host = `${tenant.slug}.localhost:3000`;
  const res = await upload(new Request(`http://${host}/dashboard/settings/logo`, { method: "POST", body, headers: { host, origin: `http://${host}`, ...headers } }), {
    params: Promise.resolve({ tenant: tenant.slug }),
  });
  return { status: res.status, body: (await res.json()) as { error?: { message: string } } };
}

describe("logo upload route", () => {
  it("takes a PNG", async () => {
    expect((await post(PNG_1X1, { "content-type": "image/png" })).status).toBe(201);
  });

  it("refuses what it cannot take as 415 with words, not 400", async () => {
    const compressed = await post(PNG_1X1, { "content-type": "image/png", "content-encoding": "gzip" });
    expect(compressed.status).toBe(415);
    expect(compressed.body.error?.message).toMatch(/Content-Encoding gzip is not supported/);
    const notAnImage = await post(new TextEncoder().encode("GIF89a not really"), { "content-type": "image/png" });
    expect(notAnImage).toEqual({ status: 415, body: { error: { message: "Upload a PNG, JPEG or SVG image.", reason: "unsupported_media_type" } } });
  });
});
