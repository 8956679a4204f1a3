import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./csrf";

const h = (init: Record<string, string>) => new Headers(init);

describe("isSameOriginRequest", () => {
  it.each([
    [{ host: "acme.localhost:3000", origin: "http://acme.localhost:3000" }, true],
    [{ host: "ACME.localhost:3000", origin: "http://acme.localhost:3000" }, true],
    [{ host: "acme.localhost:3000", origin: "http://globex.localhost:3000" }, false],
    [{ host: "acme.localhost:3000", origin: "http://evil.example" }, false],
    [{ host: "acme.localhost:3000", origin: "null" }, false],
    [{ origin: "http://acme.localhost:3000" }, false],
    [{ host: "acme.localhost:3000", "sec-fetch-site": "same-origin" }, true],
    [{ host: "acme.localhost:3000", "sec-fetch-site": "same-site" }, false],
    [{ host: "acme.localhost:3000", "sec-fetch-site": "cross-site" }, false],
    [{ host: "acme.localhost:3000" }, false],
  ])("%o -> %s", (headers, expected) => {
    expect(isSameOriginRequest(h(headers))).toBe(expected);
  });
});
