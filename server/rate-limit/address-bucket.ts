import { isIP } from "node:net";

/**
 * The part of a client address that per-address limits count: an IPv4 address as it is, an IPv6
 * address by its /64 network. One IPv6 subscriber usually holds a whole /64 (2^64 addresses), so
 * counting single IPv6 addresses would let anyone step round every per-address limit. No
 * address (none could be trusted) shares one bucket, "unknown". The audit log keeps the full
 * address; only the limits group it.
 */
export function addressBucket(ip: string | null | undefined): string {
  if (!ip) return "unknown";
  const bare = ip.split("%")[0]!.toLowerCase();
  if (isIP(bare) !== 6) return bare;
  // An embedded IPv4 tail (…:1.2.3.4) is the last two groups; it never reaches the first four.
  const groups = (part: string) => (part ? part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g])) : []);
  const [head = "", tail] = bare.split("::");
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? front : [...front, ...Array<string>(8 - front.length - back.length).fill("0"), ...back];
  return `${all.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(":")}::/64`;
}
