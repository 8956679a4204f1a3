import { describe, expect, it } from "vitest";
import * as entitlementRoute from "../app/api/v1/entitlements/[feature]/route";
import { testCardKind } from "../server/billing/local/test-cards";
import { svgProblem } from "../server/branding/logo-file";
import { apiTenant, call } from "./api-helpers";

// Names every plain object inherits: a lookup `name in CATALOG` or `CATALOG[name]` finds them.
const INHERITED = ["toString", "__proto__", "constructor", "hasOwnProperty", "valueOf", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "__defineGetter__", "__lookupSetter__"];

describe("user input is looked up among own keys only", () => {
  it("GET /api/v1/entitlements/{name} answers 404 for names on Object.prototype", async () => {
    const t = await apiTenant({ planId: "pro" });
    for (const feature of INHERITED) {
      const res = await call(entitlementRoute.GET as never, { key: t.key.secret, path: `/entitlements/${feature}`, params: { feature } });
      expect(res.status, feature).toBe(404);
      expect(res.body?.error?.code).toBe("not_found");
    }
    // Real features and metrics still answer.
    expect((await call(entitlementRoute.GET as never, { key: t.key.secret, params: { feature: "customDomain" } })).body).toEqual({ feature: "customDomain", enabled: true });
    expect((await call(entitlementRoute.GET as never, { key: t.key.secret, params: { feature: "units" } })).body).toMatchObject({ metric: "units", used: 0 });
  });

  it("the local checkout's test cards and the SVG entity table do not match inherited names", () => {
    for (const name of INHERITED) expect(testCardKind(name), name).toBeNull();
    expect(testCardKind("4242 4242 4242 4242")).toBe("success");
    for (const name of ["constructor", "toString", "valueOf"]) {
      expect(svgProblem(`<svg xmlns="http://www.w3.org/2000/svg"><rect fill="&${name};"/></svg>`), name).toMatch(/unknown entity/);
    }
    expect(svgProblem(`<svg xmlns="http://www.w3.org/2000/svg"><text x="&amp;">A</text></svg>`)).toBeNull();
  });
});
