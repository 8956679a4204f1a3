import { Resolver } from "node:dns/promises";
import { readFileSync } from "node:fs";
import { env } from "../env";

/**
 * The two DNS questions domain verification asks. Injectable: tests pass a fake, and
 * DNS_FIXTURE_FILE swaps real DNS for a JSON file (offline demos and browser tests).
 * "No such record" is an empty list; only a failure to ask at all throws.
 */
export type DnsResolver = {
  txt(name: string): Promise<string[]>;
  cname(name: string): Promise<string[]>;
};

const MISSING = new Set(["ENODATA", "ENOTFOUND", "NXDOMAIN", "ENONAME"]);

function systemResolver(): DnsResolver {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  const orEmpty = async <T>(query: Promise<T[]>): Promise<T[]> => {
    try {
      return await query;
    } catch (error) {
      if (MISSING.has((error as NodeJS.ErrnoException).code ?? "")) return [];
      throw error;
    }
  };
  return {
    txt: async (name) => (await orEmpty(resolver.resolveTxt(name))).map((chunks) => chunks.join("")),
    cname: (name) => orEmpty(resolver.resolveCname(name)),
  };
}

export type DnsFixture = Record<string, { TXT?: string[]; CNAME?: string[] }>;

/** A resolver answering from fixed records (tests, and DNS_FIXTURE_FILE, re-read on every question). */
export function fixtureResolver(records: DnsFixture | (() => DnsFixture)): DnsResolver {
  const read = typeof records === "function" ? records : () => records;
  const lookup = (name: string) => read()[name.toLowerCase().replace(/\.$/, "")] ?? {};
  return {
    txt: async (name) => lookup(name).TXT ?? [],
    cname: async (name) => lookup(name).CNAME ?? [],
  };
}

export function defaultDnsResolver(): DnsResolver {
  const file = env.DNS_FIXTURE_FILE;
  if (file) return fixtureResolver(() => JSON.parse(readFileSync(file, "utf8")) as DnsFixture);
  return systemResolver();
}
