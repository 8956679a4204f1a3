import { isIP } from "node:net";

/**
 * The network an address belongs to, as people's connections move within it: IPv4 /24, IPv6 /48
 * (a home or office keeps its prefix while the address inside it changes). "unknown" when the
 * address is not known.
 */
export function ipNetwork(ip: string | null | undefined): string {
  if (!ip) return "unknown";
  const version = isIP(ip);
  if (version === 4) return `${ip.split(".").slice(0, 3).join(".")}.0/24`;
  if (version !== 6) return "unknown";
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups; only the first three matter here.
  const missing = Math.max(0, 8 - headGroups.length - tailGroups.length);
  const groups = ip.includes("::") ? [...headGroups, ...Array<string>(missing).fill("0"), ...tailGroups] : headGroups;
  return `${groups
    .slice(0, 3)
    .map((g) => (g.includes(".") ? "0" : String(parseInt(g || "0", 16).toString(16))))
    .join(":")}::/48`;
}
