import { describe, expect, it } from "vitest";
import { makeUser, TEST_META } from "../../test/factories";
import { getDb } from "../db/client";
import { probeResults } from "../db/schema";
import { openIncident } from "../status-page/open-incident";
import { postIncidentUpdate } from "../status-page/post-incident-update";
import { readPlatformSignals } from "./platform-signals";

describe("the platform's signals for the SLA", () => {
  it("are the prober's down minutes and the status page's incidents in the period", async () => {
    const start = Date.UTC(2026, 6, 1);
    const end = Date.UTC(2026, 7, 1);
    const minute = (day: number, m: number) => new Date(Date.UTC(2026, 6, day, 0, m));
    await getDb().insert(probeResults).values([
      { component: "api", minute: minute(2, 0), ok: false, latencyMs: 1, error: "answered 502" },
      { component: "billing", minute: minute(2, 0), ok: false, latencyMs: 1, error: "timeout" },
      { component: "api", minute: minute(2, 1), ok: true, latencyMs: 1 },
      { component: "api", minute: new Date(end), ok: false, latencyMs: 1, error: "next month" },
    ]);
    const before = await readPlatformSignals({ start, end });
    expect(before.downMinutes).toEqual([minute(2, 0).getTime()]);
    expect(before.maintenance).toEqual([]);

    // An incident opened now runs to the end of a period that includes now.
    const operator = { id: (await makeUser("Operator")).id, role: "admin" as const };
    const { incident } = await openIncident({ operator, input: { title: "API errors", impact: "major", components: ["api"], status: "investigating", body: "Looking." }, meta: TEST_META });
    const now = Date.now();
    const open = await readPlatformSignals({ start: now - 60_000, end: now + 3_600_000 });
    expect(open.incidents).toEqual([{ title: "API errors", start: incident.createdAt.getTime(), end: now + 3_600_000 }]);
    const { incident: resolved } = await postIncidentUpdate({ operator, input: { incidentId: incident.id, status: "resolved", body: "Fixed." }, meta: TEST_META });
    const closed = await readPlatformSignals({ start: now - 60_000, end: now + 3_600_000 });
    expect(closed.incidents).toEqual([{ title: "API errors", start: incident.createdAt.getTime(), end: resolved.resolvedAt!.getTime() }]);
    expect((await readPlatformSignals({ start, end })).incidents).toEqual([]);

    // An incident opened as maintenance is a maintenance window, not an incident.
    const { incident: window } = await openIncident({ operator, input: { title: "Database upgrade", impact: "maintenance", components: ["api", "billing"], status: "identified", body: "Planned." }, meta: TEST_META });
    const during = await readPlatformSignals({ start: now - 60_000, end: now + 3_600_000 });
    expect(during.maintenance).toEqual([{ start: window.createdAt.getTime(), end: now + 3_600_000 }]);
    expect(during.incidents.map((i) => i.title)).toEqual(["API errors"]);
    await postIncidentUpdate({ operator, input: { incidentId: window.id, status: "resolved", body: "Done." }, meta: TEST_META });
  });
});
