import { describe, expect, it } from "vitest";
import { clientFiles, packagesOf, routeFiles } from "@/lib/client-graph";

// Packages that belong on the server only, kept out of what any page sends the browser (the
// imports a page's client components make, lib/client-graph.ts). zod is about 20 kB of
// JavaScript: input schemas live beside the procedures and actions that use them, and the
// modules the browser shares with the server (lib/time-zone.ts, lib/billing-details.ts,
// lib/onboarding-steps.ts) hold only plain checks.

const SERVER_ONLY = new Set(["zod", "drizzle-orm", "postgres", "stripe", "argon2", "@node-rs/argon2"]);

describe("browser code", () => {
  it("sees a package import where there is one", () => {
    expect(packagesOf("server/users/set-time-zone.ts")).toContain("zod");
    expect(packagesOf("server/users/set-time-zone.ts")).toContain("drizzle-orm");
    // Types only: no code reaches the browser.
    expect(packagesOf("components/trpc/lazy.ts")).not.toContain("@trpc/client");
  });

  for (const file of routeFiles("app")) {
    it(`${file} sends the browser no server-only package`, () => {
      const found = [...clientFiles(file, { lazy: true }).keys()].flatMap((f) => packagesOf(f).filter((name) => SERVER_ONLY.has(name)).map((name) => `${f} imports ${name}`));
      expect(found).toEqual([]);
    });
  }
});
