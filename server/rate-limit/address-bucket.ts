import { isIP } from "node:net";

/**
 * The part of a client address that per-address limits count: an IPv4 address as it is, an IPv6
 * address by its /64 network. One IPv6 subscriber usually holds a whole /64 (2^64 addresses), so
 * counting single IPv6 addresses would let anyone step round every per-address limit. An IPv6
 * address that carries an IPv4 client in its last 32 bits (IPv4-mapped, IPv4-compatible, NAT64's
 * 64:ff9b::/96) counts as that IPv4 address: their /64 is shared by every such client. No address
 * (none could be trusted) shares one bucket, "unknown". The audit log keeps the full address;
 * only the limits group it.
 */
export function addressBucket(ip: string | null | undefined): string {
  if (!ip) return "unknown";
  const bare = ip.split("%")[0]!.toLowerCase();
  if (isIP(bare) !== 6) return bare;
  const groups = expand(bare);
  const high = groups.slice(0, 6).map((g) => g.toString(16)).join(":");
  const carriesIpv4 = high === "0:0:0:0:0:ffff" || high === "64:ff9b:0:0:0:0" || (high === "0:0:0:0:0:0" && groups[6] !== 0);
  if (carriesIpv4) return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join(".");
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (compressed or with a dotted IPv4 tail). */
function expand(address: string): number[] {
  const parse = (part: string) =>
    part
      ? part.split(":").flatMap((g) => {
          if (!g.includes(".")) return [parseInt(g, 16)];
          const [a, b, c, d] = g.split(".").map(Number) as [number, number, number, number];
          return [(a << 8) | b, (c << 8) | d];
        })
      : [];
  const [head = "", tail] = address.split("::");
  const front = parse(head);
  if (tail === undefined) return front;
  const back = parse(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}
