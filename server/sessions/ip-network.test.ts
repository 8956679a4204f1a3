import { describe, expect, it } from "vitest";
import { ipNetwork } from "./ip-network";

describe("ipNetwork", () => {
  it("groups IPv4 by /24 and IPv6 by /48", () => {
    expect(ipNetwork("203.0.113.7")).toBe("203.0.113.0/24");
    expect(ipNetwork("2001:db8:abcd:12::1")).toBe("2001:db8:abcd::/48");
    expect(ipNetwork("2001:DB8::1")).toBe("2001:db8:0::/48");
    expect(ipNetwork("::1")).toBe("0:0:0::/48");
    expect(ipNetwork(null)).toBe("unknown");
    expect(ipNetwork("not an ip")).toBe("unknown");
  });
});
