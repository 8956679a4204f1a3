// Slug rules (DESIGN.md "Host names"): 3–48 of a-z, 0-9 and '-', no leading/trailing hyphen.
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,46})[a-z0-9]$/;

export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "www", "app", "api", "admin", "auth", "mail", "email", "smtp", "status", "docs", "help",
  "support", "blog", "billing", "dashboard", "static", "assets", "cdn", "files", "dev",
  "staging", "test", "internal", "root", "system", "operator", "console", "login", "signin",
  "sign-in", "signup", "sign-up", "account", "accounts", "security", "webhooks", "pricing",
  "atrium", "localhost", "ftp", "ns1", "ns2", "mx",
]);

export type SlugProblem = "too_short" | "too_long" | "invalid" | "reserved";

export function slugProblem(slug: string): SlugProblem | null {
  if (slug.length < 3) return "too_short";
  if (slug.length > 48) return "too_long";
  if (!SLUG_PATTERN.test(slug) || slug.includes("--")) return "invalid";
  if (RESERVED_SLUGS.has(slug)) return "reserved";
  return null;
}

export const SLUG_PROBLEM_MESSAGES: Record<SlugProblem, string> = {
  too_short: "Use at least 3 characters.",
  too_long: "Use at most 48 characters.",
  invalid: "Use lowercase letters, digits and single hyphens, not at the start or end.",
  reserved: "This address is reserved. Please choose another.",
};

/** "Acme, Inc." -> "acme-inc"; always returns something that passes the pattern when possible. */
export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/g, "");
  return base.length >= 3 ? base : base ? `${base}-team`.slice(0, 48) : "";
}
