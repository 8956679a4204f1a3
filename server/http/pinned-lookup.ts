import type { LookupFunction } from "node:net";

export type PinnedAddress = { address: string; family: 4 | 6 };

/**
 * A lookup that answers with the addresses checked before the request, so the connection goes
 * where the check looked: a DNS answer that changes in between (rebinding) is never asked for.
 * With several, a caller asking for all of them (happy eyeballs) may fall back to the next.
 */
export function pinnedLookup(addresses: readonly PinnedAddress[]): LookupFunction {
  if (!addresses.length) throw new Error("pinnedLookup needs at least one checked address");
  return (_hostname, options, callback) => {
    if (options.all) callback(null, addresses.map(({ address, family }) => ({ address, family })));
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
}
