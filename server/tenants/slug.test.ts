import { describe, expect, it } from "vitest";
import { hostLabelsOf, RESERVED_SLUGS, slugify, slugProblem } from "../../lib/slug";

// A deployment whose custom domains CNAME to a host of its own naming (env is read on first use).
process.env.CUSTOM_DOMAIN_TARGET = "edge-lb.customers.atrium.example";
const { platformSlugProblem, reservedSlugs } = await import("./reserved-slugs");
const { ZTenantSlug } = await import("./schemas");
const { checkSlug } = await import("./check-slug");
const { env } = await import("../env");

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

  it("reserves every host label the platform and its mail, DNS and identity services use", () => {
    const labels = ["status", "docs", "sso", "mta-sts", "autodiscover", "autoconfig", "www", "admin", "api", "app", "auth", "mail", "smtp", "imap", "pop",
      "ftp", "cdn", "static", "assets", "billing", "help", "support", "blog", "dev", "staging", "domains"];
    for (const label of labels) expect(slugProblem(label), label).toBe("reserved");
    // Underscore labels (_dmarc, _domainkey, _atrium-challenge) can never be slugs at all.
    for (const label of ["_dmarc", "_domainkey", "_atrium-challenge"]) expect(slugProblem(label), label).toBe("invalid");
  });
});

describe("labels from configuration", () => {
  it("hostLabelsOf takes the CNAME target's first label, and every label under the root domain", () => {
    expect(hostLabelsOf("domains.example.com", "example.com")).toEqual(["domains"]);
    expect(hostLabelsOf("edge.lb.example.com.", "example.com:443")).toEqual(["edge", "lb"]);
    expect(hostLabelsOf("Ingress.Hosting.Example.NET", "example.com")).toEqual(["ingress"]);
  });

  it("the configured CUSTOM_DOMAIN_TARGET's label is refused for new workspaces", async () => {
    const label = env.CUSTOM_DOMAIN_TARGET.split(".")[0]!;
    expect(label).toBe("edge-lb");
    expect(slugProblem(label)).toBeNull();
    expect(reservedSlugs().has(label)).toBe(true);
    expect(platformSlugProblem(label)).toBe("reserved");
    expect(ZTenantSlug.safeParse(label).success).toBe(false);
    expect(await checkSlug({ slug: label })).toMatchObject({ available: false, message: "This address is reserved. Please choose another." });
    for (const name of RESERVED_SLUGS) expect(platformSlugProblem(name), name).not.toBeNull();
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
    ["Ünïcødé Café", "unicode-cafe"],
    ["Ørsted Æble Straße Łódź", "orsted-aeble-strasse-lodz"],
  ])("%s -> %s", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("produces valid slugs for ordinary names", () => {
    for (const name of ["Acme", "Globex Corporation", "Initech 2", "Umbrella-Corp"]) expect(slugProblem(slugify(name))).toBeNull();
  });
});
