import { slugProblem } from "../../lib/slug";

export type HostTarget =
  | { kind: "apex" }
  | { kind: "admin" }
  | { kind: "status" }
  | { kind: "tenant"; slug: string }
  | { kind: "unknown-tenant"; label: string }
  | { kind: "foreign"; hostname: string };

/** Lower-cases, drops the port, a trailing dot and surrounding whitespace. */
export function normalizeHostname(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  const colon = h.lastIndexOf(":");
  if (colon !== -1) h = h.slice(0, colon);
  return h.replace(/\.+$/, "");
}

/**
 * Maps a Host header to the surface it addresses. Pure: the tenant itself is looked up later.
 * `rootDomain` may carry a port (`localhost:3000`); ports are ignored on both sides.
 */
export function parseHost(host: string | null | undefined, rootDomain: string): HostTarget {
  const root = normalizeHostname(rootDomain);
  const hostname = normalizeHostname(host ?? "");
  if (!hostname || hostname === root || hostname === `www.${root}`) return { kind: "apex" };
  if (!hostname.endsWith(`.${root}`)) return { kind: "foreign", hostname };

  let label = hostname.slice(0, -(root.length + 1));
  if (label.startsWith("www.")) label = label.slice(4);
  if (label === "admin") return { kind: "admin" };
  // The public status page (a reserved slug, so no workspace can hold it).
  if (label === "status") return { kind: "status" };
  if (label.includes(".") || slugProblem(label)) return { kind: "unknown-tenant", label };
  return { kind: "tenant", slug: label };
}

/** The public origin of a surface, e.g. `http://acme.localhost:3000`. */
export function originFor(
  target: { kind: "apex" } | { kind: "admin" } | { kind: "tenant"; slug: string },
  rootDomain: string,
  protocol: "http" | "https",
): string {
  const prefix = target.kind === "tenant" ? `${target.slug}.` : target.kind === "admin" ? "admin." : "";
  return `${protocol}://${prefix}${rootDomain}`;
}

/** The port of the platform's own address (development only, e.g. `localhost:3000` -> "3000"). */
export function rootPort(rootDomain: string): string | null {
  return /:(\d+)$/.exec(rootDomain)?.[1] ?? null;
}
