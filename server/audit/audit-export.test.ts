import { describe, expect, it } from "vitest";
import { contextFor, makeTenant, makeUser, TEST_META } from "../../test/factories";
import { withTenant } from "../db/with-tenant";
import { recordAuditEvent } from "./record-audit-event";
import { renameTenant } from "../tenants/rename-tenant";
import { createCaller } from "../trpc/root";
import { csvCell, exportAuditCsv, streamAuditCsv } from "./export-audit-csv";

describe("audit log filters and CSV export", () => {
  it("filters by action, actor, date range and search", async () => {
    const t = await makeTenant([{ role: "admin" }]);
    await renameTenant({ tenantId: t.tenant.id, actorUserId: t.owner.id, name: "Renamed Once", meta: TEST_META });
    const caller = createCaller(contextFor({ user: t.owner, tenant: t.tenant }));
    const all = await caller.audit.list({ pageSize: 50 });
    expect(all.total).toBe(3);
    expect(all.actions).toEqual(["member.added", "tenant.created", "tenant.renamed"]);
    expect((await caller.audit.list({ filters: { action: "tenant.renamed" } })).items.map((i) => i.action)).toEqual(["tenant.renamed"]);
    expect((await caller.audit.list({ filters: { q: "renamed once" } })).total).toBe(1);
    expect((await caller.audit.list({ filters: { q: "100%_" } })).total).toBe(0);
    expect((await caller.audit.list({ filters: { actor: t.members[0]!.user.id } })).total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect((await caller.audit.list({ filters: { from: today, to: today } })).total).toBe(3);
    expect((await caller.audit.list({ filters: { to: "2000-01-01" } })).total).toBe(0);
    await expect(caller.audit.list({ filters: { from: "yesterday" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("search folds case beyond ASCII and looks at metadata values, not its JSON", async () => {
    const t = await makeTenant();
    await renameTenant({ tenantId: t.tenant.id, actorUserId: t.owner.id, name: "ÉCOLE Straße", meta: TEST_META });
    const caller = createCaller(contextFor({ user: t.owner, tenant: t.tenant }));
    const found = async (q: string) => (await caller.audit.list({ filters: { q } })).items.map((i) => i.action);
    expect(await found("école")).toEqual(["tenant.renamed"]);
    expect(await found("STRASSE")).toEqual([]);
    expect(await found("straße")).toEqual(["tenant.renamed"]);
    // Key names and JSON punctuation are not text anyone wrote.
    expect(await found('"')).toEqual([]);
    expect(await found("from")).toEqual([]);
    expect(await found("{")).toEqual([]);
  });

  it("exports CSV with a header, UTC times and formula-safe cells", async () => {
    const t = await makeTenant();
    await renameTenant({ tenantId: t.tenant.id, actorUserId: t.owner.id, name: "=HYPERLINK(\"x\")", meta: TEST_META });
    const csv = await exportAuditCsv({ tenantId: t.tenant.id, filters: { action: "tenant.renamed" } });
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("time_utc,actor,action,target,ip,user_agent,metadata");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"${t.owner.email}","tenant.renamed"`);
    expect(lines[1]).toMatch(/^"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"/);
    expect(csvCell("=1+1")).toBe(`"'=1+1"`);
    expect(csvCell('say "hi"')).toBe(`"say ""hi"""`);
    expect(csvCell(null)).toBe(`""`);
  });

  it("a download abandoned before its body was read gives its place back (the workspace may still export)", async () => {
    const t = await makeTenant();
    await renameTenant({ tenantId: t.tenant.id, actorUserId: t.owner.id, name: "Renamed", meta: TEST_META });
    // One row per batch, so no download is finished by its first batch alone.
    const open = (signal?: AbortSignal) => streamAuditCsv({ tenantId: t.tenant.id, filters: {}, batchRows: 1, signal });
    const hungUp = [new AbortController(), new AbortController()];
    await open(hungUp[0]!.signal);
    const second = open(hungUp[1]!.signal);
    // Both places are taken: a third download waits its turn.
    await second;
    await expect(open()).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    // The clients hang up before their bodies start (Next never cancels a stream it did not send).
    for (const c of hungUp) c.abort();
    const again = [await open(), await open()];
    await expect(open()).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    // Read to the end, a download gives its place back too.
    // The header, tenant.created and tenant.renamed.
    expect((await new Response(again[0]).text()).trimEnd().split("\r\n")).toHaveLength(3);
    await again[1]!.cancel();
    await expect(open()).resolves.toBeInstanceOf(ReadableStream);
    // A request already abandoned takes no place at all.
    const gone = new AbortController();
    gone.abort();
    await expect(open(gone.signal)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("a change made through support access reads 'platform support' in the CSV, never the operator's address", async () => {
    const t = await makeTenant();
    const operator = await makeUser("Operator");
    await withTenant(t.tenant.id, (tx) =>
      recordAuditEvent(tx, {
        tenantId: t.tenant.id,
        actorUserId: operator.id,
        action: "spec.support_change",
        target: null,
        meta: { ...TEST_META, supportGrantId: "00000000-0000-4000-8000-000000000001" },
      }),
    );
    const csv = await exportAuditCsv({ tenantId: t.tenant.id, filters: { action: "spec.support_change" } });
    expect(csv).not.toContain(operator.email);
    expect(csv.trimEnd().split("\r\n")[1]).toContain(`"platform support","spec.support_change"`);
  });
});
