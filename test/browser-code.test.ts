import { describe, expect, it } from "vitest";
import { clientFiles, routeFiles } from "@/lib/client-graph";

// Packages that belong on the server only, kept out of what any page sends the browser (the
// imports a page's client components make, lib/client-graph.ts). zod is about 20 kB of
// JavaScript: input schemas live beside the procedures and actions that use them, and the
// modules the browser shares with the server (lib/time-zone.ts, lib/billing-details.ts,
// lib/onboarding-steps.ts) hold only plain checks.

const SERVER_ONLY = /^\s*import\s+(?!type\s)[^;]*from\s+["'](zod|drizzle-orm|postgres|stripe|argon2|@node-rs\/argon2)(?:\/[^"']*)?["']/m;

describe("browser code", () => {
  it("sees a package import where there is one", () => {
    expect(SERVER_ONLY.exec('import { z } from "zod";')?.[1]).toBe("zod");
    expect(SERVER_ONLY.test('import type { z } from "zod";')).toBe(false);
  });

  for (const file of routeFiles("app")) {
    it(`${file} sends the browser no server-only package`, () => {
      const found = [...clientFiles(file, { lazy: true })].flatMap(([f, text]) => {
        const match = SERVER_ONLY.exec(text);
        return match ? [`${f} imports ${match[1]}`] : [];
      });
      expect(found).toEqual([]);
    });
  }
});
