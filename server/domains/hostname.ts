import { isIP } from "node:net";
import { domainToASCII } from "node:url";
import { z } from "zod";
import { normalizeHostname } from "../hosts/parse-host";

/** Why a custom domain cannot be used, or null. `rootDomain` is the platform's apex. */
export function customHostnameProblem(hostname: string, rootDomain: string, { apexAllowed = false } = {}): string | null {
  const root = normalizeHostname(rootDomain);
  if (!hostname) return "Enter a domain such as portal.example.com.";
  if (hostname.length > 253) return "That domain is too long.";
  if (isIP(hostname) || hostname.startsWith("[")) return "Use a domain name, not an IP address.";
  const labels = hostname.split(".");
  if (labels.length < 2) return "Use a full domain such as portal.example.com.";
  if (labels.some((l) => !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l))) {
    return "Use letters, digits, hyphens and dots only.";
  }
  if (/^\d+$/.test(labels.at(-1)!)) return "That is not a valid domain.";
  if (hostname === root || hostname.endsWith(`.${root}`)) return `Domains under ${root} are already yours through your workspace address.`;
  if (hostname === "localhost" || hostname.endsWith(".localhost")) return "Use a public domain.";
  if (!apexAllowed && isZoneApex(labels)) {
    return `Use a subdomain such as portal.${hostname}: the domain itself cannot point here, because DNS allows no CNAME record at a domain's root.`;
  }
  return null;
}

// Second-level labels under which country domains register names (example.co.uk, example.com.au).
const COUNTRY_SECOND_LEVELS = new Set(["co", "com", "net", "org", "ac", "gov", "edu", "ne", "or", "gv", "ltd", "plc", "me", "nom"]);

/**
 * Whether a name is a registered domain itself rather than a name inside one: example.com, or
 * example.co.uk under a country's second level. A close reading of the public suffix list, not
 * all of it; a name it misses is caught by the CNAME check when the domain is verified.
 */
function isZoneApex(labels: string[]): boolean {
  if (labels.length === 2) return true;
  return labels.length === 3 && labels[2]!.length === 2 && COUNTRY_SECOND_LEVELS.has(labels[1]!);
}

/** What someone typed, as a host name: scheme, path, case and a trailing dot dropped; international names in their xn-- form. */
function typedHostname(value: string): string {
  const bare = normalizeHostname(value.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, ""));
  if (/^[\x00-\x7f]*$/.test(bare)) return bare;
  // Bücher.example → xn--bcher-kva.example; a name that cannot be converted stays as typed and is refused.
  // (An ideographic full stop at the end becomes a dot only here: dropped like a typed one.)
  return (domainToASCII(bare) || bare).replace(/\.+$/, "");
}

/** A custom domain to route here; `apexAllowed` for names that only need a TXT record (SSO's email domains). */
export function zCustomHostname(rootDomain: string, options: { apexAllowed?: boolean } = {}) {
  return z
    .string()
    .max(300, "That domain is too long.")
    .transform(typedHostname)
    .superRefine((v, ctx) => {
      const problem = customHostnameProblem(v, rootDomain, options);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}
