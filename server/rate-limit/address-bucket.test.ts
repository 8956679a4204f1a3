import { describe, expect, it } from "vitest";
import { addressBucket } from "./address-bucket";

describe("addressBucket", () => {
  it("keeps IPv4 addresses, and names the missing one", () => {
    expect(addressBucket("203.0.113.7")).toBe("203.0.113.7");
    expect(addressBucket(null)).toBe("unknown");
    expect(addressBucket(undefined)).toBe("unknown");
  });

  it("counts IPv6 addresses by their /64, however they are written", () => {
    const one = "2001:db8:aa:bb::/64";
    for (const ip of ["2001:db8:aa:bb::1", "2001:db8:aa:bb:ffff:ffff:ffff:ffff", "2001:0DB8:00AA:00BB:0:0:0:2", "2001:db8:aa:bb:1::", "2001:db8:aa:bb::192.0.2.1", "2001:db8:aa:bb::1%eth0"]) {
      expect(addressBucket(ip), ip).toBe(one);
    }
    expect(addressBucket("2001:db8:aa:bc::1")).toBe("2001:db8:aa:bc::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("::")).toBe("0:0:0:0::/64");
    expect(addressBucket("2001:db8::")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("fe80::1:2:3:4")).toBe("fe80:0:0:0::/64");
  });

  it("counts an IPv4 client carried in an IPv6 address as that IPv4 address, not by a /64 all such clients share", () => {
    for (const ip of ["::ffff:1.2.3.4", "::ffff:102:304", "0:0:0:0:0:ffff:1.2.3.4", "64:ff9b::1.2.3.4", "64:ff9b::102:304", "::1.2.3.4"]) {
      expect(addressBucket(ip), ip).toBe("1.2.3.4");
    }
    expect(addressBucket("64:ff9b::5.6.7.8")).toBe("5.6.7.8");
  });
});
