import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { clientNamespaces, handedNamespaces } from "./client-namespaces";
import { AREA_MESSAGES, type Area } from "./messages";

// Every page hands its client components the messages they translate with (ClientMessages), so
// none meets a missing message in the browser, while no response carries words it does not use.

const ROUTE_FILES = new Set(["page.tsx", "layout.tsx", "error.tsx", "not-found.tsx", "loading.tsx", "template.tsx", "default.tsx", "global-error.tsx"]);

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(file);
    return ROUTE_FILES.has(entry.name) ? [file] : [];
  });
}

const areaNamespaces = (area: string) => Object.keys(AREA_MESSAGES.en[area as Area] ?? {});

/** The layouts a route file renders inside, from the root down (global-error replaces the root layout). */
function layoutsAbove(file: string): string[] {
  if (path.basename(file) === "global-error.tsx") return [];
  const dirs = path.dirname(file).split(path.sep);
  const layouts: string[] = [];
  for (let depth = 1; depth <= dirs.length; depth++) {
    const layout = path.join(...dirs.slice(0, depth), "layout.tsx");
    if (layout !== file && routeFiles(path.join(...dirs.slice(0, depth))).includes(layout)) layouts.push(layout);
  }
  return layouts;
}

describe("messages handed to client components", () => {
  it("follows imports into client components only", () => {
    // Members' invite form (a client component) translates with DashboardMembers; the Overview's
    // server-rendered parts translate with DashboardOverview on the server, which needs no handing.
    expect([...clientNamespaces("app/t/[tenant]/dashboard/members/page.tsx").keys()]).toContain("DashboardMembers");
    expect([...clientNamespaces("app/t/[tenant]/dashboard/page.tsx").keys()]).not.toContain("DashboardOverview");
    expect(handedNamespaces("app/layout.tsx", areaNamespaces)).toEqual(new Set(["Common", "Plans", "Status"]));
  });

  for (const file of routeFiles("app")) {
    it(`${file} hands what its client components use`, () => {
      const handed = new Set([...layoutsAbove(file), file].flatMap((f) => [...handedNamespaces(f, areaNamespaces)]));
      const missing = [...clientNamespaces(file)].filter(([name]) => !handed.has(name)).map(([name, user]) => `${name} (used by ${user})`);
      expect(missing, `add to its ClientMessages / withClientMessages namespaces`).toEqual([]);
    });
  }
});
