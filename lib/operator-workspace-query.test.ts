import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, workspaceQueryInput, workspaceQueryString, ZWorkspaceListQuery } from "./operator-workspace-query";

const parse = (qs: string) => ZWorkspaceListQuery.parse(workspaceQueryInput(new URLSearchParams(qs)));

describe("operator workspace list address", () => {
  it("round-trips every filter, the sort and a cursor through the query string", () => {
    const cursor = { sort: "usage" as const, key: "-1", id: "0f8e4b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f" };
    const query = parse(`q=acme&status=active&status=past_due&plan=pro&trial=7&pastDue=1&overQuota=1&from=2026-01-01&to=2026-02-01&sort=usage&dir=asc&after=${encodeCursor(cursor)}`);
    expect(query).toMatchObject({ q: "acme", statuses: ["active", "past_due"], plans: ["pro"], trialEndingDays: 7, pastDue: true, overQuota: true, sort: "usage", dir: "asc", after: cursor });
    expect(parse(workspaceQueryString(query, { after: cursor }).slice(1))).toEqual(query);
    // Changing the sort starts from the first page.
    expect(workspaceQueryString(query, { sort: "mrr" })).not.toContain("after=");
    expect(workspaceQueryString(parse(""))).toBe("");
  });

  it("reads cursors strictly", () => {
    expect(decodeCursor("created.1700000000000000.0f8e4b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f")).toEqual({ sort: "created", key: "1700000000000000", id: "0f8e4b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f" });
    for (const bad of ["", "created", "created.1", "created.x.0f8e4b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f", "name.1.0f8e4b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f", "created.9999999999999999999.0f8e4b1c-2d3a-4b5c-8d9e-0a1b2c3d4e5f", "created.1.------------------------------------", "created.1.0F8E4B1C-2D3A-4B5C-8D9E-0A1B2C3D4E5F"]) {
      expect(decodeCursor(bad), bad).toBeNull();
    }
  });

  it("takes the first of repeated single values and ignores unknown keys and empty values", () => {
    expect(parse("q=one&q=two&sort=&unknown=1")).toMatchObject({ q: "one", sort: "created", dir: "desc" });
  });
});
