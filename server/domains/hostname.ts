import { isIP } from "node:net";
import { z } from "zod";
import { normalizeHostname } from "../hosts/parse-host";

/** Why a custom domain cannot be used, or null. `rootDomain` is the platform's apex. */
export function customHostnameProblem(hostname: string, rootDomain: string): string | null {
  const root = normalizeHostname(rootDomain);
  if (!hostname) return "Enter a domain such as portal.example.com.";
  if (hostname.length > 253) return "That domain is too long.";
  if (isIP(hostname) || hostname.startsWith("[")) return "Use a domain name, not an IP address.";
  const labels = hostname.split(".");
  if (labels.length < 2) return "Use a full domain such as portal.example.com.";
  if (labels.some((l) => !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l))) {
    return "Use letters, digits, hyphens and dots only (for international names, the xn-- form).";
  }
  if (/^\d+$/.test(labels.at(-1)!)) return "That is not a valid domain.";
  if (hostname === root || hostname.endsWith(`.${root}`)) return `Domains under ${root} are already yours through your workspace address.`;
  if (hostname === "localhost" || hostname.endsWith(".localhost")) return "Use a public domain.";
  return null;
}

export function zCustomHostname(rootDomain: string) {
  return z
    .string()
    .max(300, "That domain is too long.")
    .transform((v) => normalizeHostname(v.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, "")))
    .superRefine((v, ctx) => {
      const problem = customHostnameProblem(v, rootDomain);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}
