// Slug rules (DESIGN.md "Host names"): 3–48 of a-z, 0-9 and '-', no leading/trailing hyphen.
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,46})[a-z0-9]$/;

// Every host label the platform (or the mail, DNS and identity services next to it) may use
// for itself, so no workspace can sit on `status.example.com` or `autodiscover.example.com`.
// Labels that come from configuration (the custom-domain CNAME target) are added on the server:
// see platformSlugProblem in reserved-slugs.ts.
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  // The platform's own surfaces and pages
  "www", "app", "api", "admin", "auth", "sso", "oauth", "oidc", "saml", "login", "logout", "signin", "sign-in", "signup",
  "sign-up", "account", "accounts", "dashboard", "console", "operator", "billing", "pricing", "checkout", "webhooks",
  "status", "health", "docs", "help", "support", "blog", "security",
  // Infrastructure
  "static", "assets", "cdn", "files", "domains", "dns", "ns1", "ns2", "ns3", "ns4", "mx", "vpn", "git", "metrics",
  "grafana", "prometheus", "internal", "intranet", "root", "system", "localhost", "atrium",
  // Environments
  "dev", "development", "staging", "test", "testing", "prod", "production",
  // Mail, client autoconfiguration and directory services
  "mail", "email", "smtp", "imap", "pop", "pop3", "webmail", "mta-sts", "autodiscover", "autoconfig", "wpad", "ftp",
  "sftp", "ldap",
]);

/**
 * The labels a configured host takes from the workspace namespace: its first label (the CNAME
 * target `domains.example.com` reserves `domains`) and, when it lies under the root domain,
 * every label in front of it (`edge.lb.example.com` also reserves `lb`).
 */
export function hostLabelsOf(host: string, rootDomain: string): string[] {
  const hostname = host.trim().toLowerCase().replace(/\.$/, "").replace(/:\d+$/, "");
  const root = rootDomain.trim().toLowerCase().replace(/:\d+$/, "");
  const inside = hostname.endsWith(`.${root}`) ? hostname.slice(0, -(root.length + 1)) : hostname.split(".")[0] ?? "";
  return [...new Set(inside.split(".").filter(Boolean))];
}

export type SlugProblem = "too_short" | "too_long" | "invalid" | "reserved";

export function slugProblem(slug: string, reserved: ReadonlySet<string> = RESERVED_SLUGS): SlugProblem | null {
  if (slug.length < 3) return "too_short";
  if (slug.length > 48) return "too_long";
  if (!SLUG_PATTERN.test(slug) || slug.includes("--")) return "invalid";
  if (reserved.has(slug)) return "reserved";
  return null;
}

export const SLUG_PROBLEM_MESSAGES: Record<SlugProblem, string> = {
  too_short: "Use at least 3 characters.",
  too_long: "Use at most 48 characters.",
  invalid: "Use lowercase letters, digits and single hyphens, not at the start or end.",
  reserved: "This address is reserved. Please choose another.",
};

/** "Acme, Inc." -> "acme-inc"; always returns something that passes the pattern when possible. */
// Latin letters that do not decompose into a letter and an accent, spelled as their languages
// spell them without it ("Ørsted" → "orsted", "Straße" → "strasse").
const LATIN_SPELLINGS: Record<string, string> = { ø: "o", æ: "ae", œ: "oe", ß: "ss", đ: "d", ð: "d", þ: "th", ł: "l", ħ: "h", ı: "i", ŧ: "t" };

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[øæœßđðþłħıŧ]/g, (c) => LATIN_SPELLINGS[c] ?? c)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/g, "");
  return base.length >= 3 ? base : base ? `${base}-team`.slice(0, 48) : "";
}
