import { describe, expect, it } from "vitest";
import { RESERVED_SLUGS, slugify, slugProblem } from "./slug";

describe("slugProblem", () => {
  it.each([
    ["acme", null],
    ["a1b", null],
    ["my-team", null],
    ["x".repeat(48), null],
    ["ab", "too_short"],
    ["x".repeat(49), "too_long"],
    ["-acme", "invalid"],
    ["acme-", "invalid"],
    ["ac--me", "invalid"],
    ["Acme", "invalid"],
    ["ac_me", "invalid"],
    ["acmé", "invalid"],
    ["ac.me", "invalid"],
    ["www", "reserved"],
    ["admin", "reserved"],
    ["api", "reserved"],
  ] as const)("%s -> %s", (slug, problem) => {
    expect(slugProblem(slug)).toBe(problem);
  });

  it("reserves the names DESIGN.md lists", () => {
    for (const name of ["www", "app", "api", "admin", "auth", "mail", "status", "docs"]) expect(RESERVED_SLUGS.has(name)).toBe(true);
  });
});

describe("slugify", () => {
  it.each([
    ["Acme", "acme"],
    ["Acme, Inc.", "acme-inc"],
    ["  Crème Brûlée  Co ", "creme-brulee-co"],
    ["AB", "ab-team"],
    ["!!!", ""],
    ["x".repeat(60), "x".repeat(48)],
  ])("%s -> %s", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("produces valid slugs for ordinary names", () => {
    for (const name of ["Acme", "Globex Corporation", "Initech 2", "Umbrella-Corp"]) expect(slugProblem(slugify(name))).toBeNull();
  });
});
