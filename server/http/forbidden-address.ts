import "server-only";
import { BlockList, isIP } from "node:net";

// Addresses the platform never calls on a customer's behalf (SSRF: webhooks, identity providers):
// its own network and the cloud metadata service. IPv4-mapped IPv6 (::ffff:10.0.0.1, also in hex:
// ::ffff:a00:1) and NAT64 forms are unwrapped and checked as IPv4.
const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network", includes the unspecified 0.0.0.0
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, includes 169.254.169.254 (metadata)
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, includes broadcast
  ["168.63.129.16", 32], // Azure's platform endpoint (wire server)
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
  ["100::", 64], // discard-only
  ["::", 96], // IPv4-compatible (deprecated): ::7f00:1 is 127.0.0.1 on stacks that still route it
  ["2002::", 16], // 6to4: carries any IPv4 address, private ones included
  ["2001::", 32], // Teredo
  ["2001:db8::", 32], // documentation
  ["64:ff9b:1::", 48], // local-use NAT64
  ["fec0::", 10], // site-local (deprecated)
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d, ::ffff:0a00:0001) or NAT64 (64:ff9b::) IPv6 address. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::|::ffff:0:)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::|::ffff:0:)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const high = parseInt(hex[1]!, 16);
    const low = parseInt(hex[2]!, 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return null;
}

/** True for an address the platform must not call; also for anything that is not an IP address. */
export function isForbiddenAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, "ipv4");
  if (family === 6) {
    const v4 = embeddedIpv4(bare);
    if (v4 !== null) return isIP(v4) !== 4 || blocked.check(v4, "ipv4");
    return blocked.check(bare, "ipv6");
  }
  return true;
}
