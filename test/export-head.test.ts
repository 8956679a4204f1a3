import { describe, expect, it, vi } from "vitest";
import { runWorkspaceExport } from "../server/exports/workspace-export";
import { createCaller } from "../server/trpc/root";
import { contextFor, makeTenant } from "./factories";

// The route reads the session through Auth.js, which needs Next's request scope; the session
// lookup is the only stand-in here (tenant, membership, the export, its file and SQL are real).
const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: string } | null }));
vi.mock("../server/auth/current-user", () => ({ getSessionUser: async () => session.user }));
const exportRoute = await import("../app/t/[tenant]/dashboard/settings/data/export/[id]/route");

describe("HEAD for a workspace export's download", () => {
  it("answers what a GET would, without opening the file or recording a download", async () => {
    const { tenant, owner, members } = await makeTenant([{ role: "admin" }]);
    const owners = createCaller(contextFor({ user: owner, tenant }));
    const job = await owners.dataExport.request();
    await runWorkspaceExport({ tenantId: tenant.id, exportId: job.id });
    const host = `${tenant.slug}.localhost:3000`;
    const call = (method: "GET" | "HEAD", id = job.id) =>
      exportRoute[method](new Request(`http://${host}/dashboard/settings/data/export/${id}`, { method, headers: { host } }), { params: Promise.resolve({ tenant: tenant.slug, id }) });
    const downloads = async () => (await owners.audit.list({ filters: { action: "workspace.export_downloaded" } })).total;

    session.user = { id: owner.id, email: owner.email, name: owner.name };
    const head = await call("HEAD");
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    expect(head.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="${tenant.slug}-export-\\d{4}-\\d{2}-\\d{2}\\.json"$`));
    expect(await downloads()).toBe(0);
    const get = await call("GET");
    const body = await get.text();
    expect(get.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(Buffer.byteLength(body)));
    expect(await downloads()).toBe(1);
    // Refused alike: an unknown export, and anyone but an owner.
    expect((await call("HEAD", "00000000-0000-4000-8000-000000000000")).status).toBe(404);
    session.user = { id: members[0]!.user.id, email: members[0]!.user.email, name: members[0]!.user.name };
    expect((await call("HEAD")).status).toBe(403);
    session.user = null;
    expect((await call("HEAD")).status).toBe(404);
    expect(await downloads()).toBe(1);
  });
});
