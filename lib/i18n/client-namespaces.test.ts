import { describe, expect, it } from "vitest";
import { layoutsAbove, routeFiles } from "@/lib/client-graph";
import { clientNamespaces, handedNamespaces, listedNamespaces } from "./client-namespaces";
import { AREA_MESSAGES, type Area } from "./messages";

// Every page hands its client components the messages they translate with (ClientMessages), so
// none meets a missing message in the browser, while no response carries words it does not use.

const areaNamespaces = (area: string) => Object.keys(AREA_MESSAGES.en[area as Area] ?? {});

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
      // And no more: every namespace it names costs every response its words.
      const used = clientNamespaces(file);
      expect([...listedNamespaces(file)].filter((name) => !used.has(name)), "named but used by no client component below it").toEqual([]);
    });
  }
});
