import { describe, expect, it } from "vitest";
import { makeTenant, TEST_META } from "../../test/factories";
import { getObject } from "../storage/storage";
import { getTenantOrThrow } from "../tenants/get-tenant";
import { detectImageType, svgProblem, validateLogo } from "./logo-file";
import { readTenantLogo, removeTenantLogo, setTenantLogo } from "./logo";
import { GET as serveLogo } from "../../app/t/[tenant]/brand/logo/route";

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2)]);
const SVG = `<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><defs><linearGradient id="g"><stop offset="0" stop-color="#123"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)"/><use xlink:href="#g"/><text x="1" y="8">A</text></svg>`;

const hostile: [string, string][] = [
  ["script element", `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`],
  ["event handler", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>`],
  ["event handler with odd spacing", `<svg xmlns="http://www.w3.org/2000/svg"><rect\nONCLICK = 'x()'/></svg>`],
  ["javascript link", `<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>`],
  ["entity-encoded javascript in use", `<svg xmlns="http://www.w3.org/2000/svg"><use href="jav&#x09;ascript:alert(1)"/></svg>`],
  ["external image", `<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>`],
  ["external use", `<svg xmlns="http://www.w3.org/2000/svg"><use xlink:href="https://evil.example/s.svg#a"/></svg>`],
  ["foreignObject", `<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe src="https://evil.example"/></foreignObject></svg>`],
  ["style element", `<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/a.css)</style></svg>`],
  ["style attribute with url", `<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/p)"/></svg>`],
  ["entities (billion laughs)", `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>`],
  ["animate that rewrites a link", `<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="href" to="javascript:alert(1)"/></a></svg>`],
  ["set element", `<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="onmouseover" to="alert(1)"/></svg>`],
  ["namespaced html", `<svg xmlns="http://www.w3.org/2000/svg"><html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(1)</html:script></svg>`],
  ["data url", `<svg xmlns="http://www.w3.org/2000/svg"><rect fill="data:text/html,x"/></svg>`],
  // Found in review: a processing instruction swallowing a fake comment around a script.
  ["script hidden behind a processing instruction", `<svg xmlns="http://www.w3.org/2000/svg"><?x > <!-- ?><script>alert(document.domain)</script><?y --> ?></svg>`],
  ["script hidden by a comment opened inside an attribute", `<svg xmlns="http://www.w3.org/2000/svg"><rect id="<!--"/><script>alert(1)</script><rect id="-->"/></svg>`],
  ["entity-encoded url()", `<svg xmlns="http://www.w3.org/2000/svg"><rect fill="&#x75;rl(https://evil.example/x)"/></svg>`],
  ["CSS-escaped url()", `<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:\\75 rl(https://evil.example/x)"/></svg>`],
  ["unquoted attribute", `<svg xmlns="http://www.w3.org/2000/svg"><rect onclick=alert(1) /></svg>`],
];

describe("logo files", () => {
  it("takes the type from the bytes, not the name", () => {
    expect(detectImageType(PNG)).toBe("image/png");
    expect(detectImageType(JPEG)).toBe("image/jpeg");
    expect(detectImageType(Buffer.from(SVG))).toBe("image/svg+xml");
    expect(detectImageType(Buffer.from("GIF89a......"))).toBeNull();
    expect(detectImageType(Buffer.from("<html><svg></svg></html>"))).toBeNull();
    expect(detectImageType(Buffer.from(`<script>alert(1)</script><svg xmlns="http://www.w3.org/2000/svg"/>`))).toBeNull();
  });

  it("accepts a plain drawing", () => {
    expect(svgProblem(SVG)).toBeNull();
  });

  it.each(hostile)("refuses an SVG with %s", (_label, source) => {
    expect(svgProblem(source)).toEqual(expect.any(String));
    expect(() => validateLogo(Buffer.from(source), 100_000)).toThrow(expect.objectContaining({ code: "BAD_REQUEST", reason: "unsafe_svg" }));
  });

  it("refuses other types, empty and too-large files with a readable message", () => {
    expect(() => validateLogo(Buffer.from("GIF89a"), 100_000)).toThrow("Upload a PNG, JPEG or SVG image.");
    expect(() => validateLogo(Buffer.alloc(0), 100_000)).toThrow("The file is empty (0 bytes). Choose the image file itself.");
    expect(() => validateLogo(Buffer.concat([PNG, Buffer.alloc(4096)]), 2048)).toThrow(/the limit is 2 KiB/);
  });
});

describe("tenant logo", () => {
  it("stores, serves safely, replaces and removes the logo, each an audit event", async () => {
    const { tenant, owner } = await makeTenant();
    const options = { tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META };
    const first = await setTenantLogo({ ...options, bytes: Buffer.from(SVG) });
    expect(first).toMatchObject({ contentType: "image/svg+xml", logoPath: expect.stringMatching(/^\/brand\/logo\?v=[0-9a-f]{16}$/) });
    const row = await getTenantOrThrow(tenant.id);
    expect(row.logoKey).toMatch(new RegExp(`^logos/${tenant.id}/[0-9a-f]{64}-[0-9a-f]{12}\\.svg$`));

    const res = await serveLogo(new Request(`http://${tenant.slug}.localhost:3000${first.logoPath}`, { headers: { host: `${tenant.slug}.localhost:3000` } }), {
      params: Promise.resolve({ tenant: tenant.slug }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    expect(res.headers.get("content-security-policy")).toContain("sandbox");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(await res.text()).toBe(SVG);

    // Another tenant's host does not serve it.
    const other = await makeTenant();
    const elsewhere = await serveLogo(new Request(`http://${other.tenant.slug}.localhost:3000/brand/logo`, { headers: { host: `${other.tenant.slug}.localhost:3000` } }), {
      params: Promise.resolve({ tenant: other.tenant.slug }),
    });
    expect(elsewhere.status).toBe(404);

    await setTenantLogo({ ...options, bytes: PNG });
    expect(await getObject(row.logoKey!)).toBeNull(); // the replaced file is gone
    expect((await readTenantLogo(tenant.id))?.contentType).toBe("image/png");

    await removeTenantLogo(options);
    expect(await readTenantLogo(tenant.id)).toBeNull();
    const { listAuditEvents } = await import("../audit/list-audit-events");
    const events = await listAuditEvents({ tenantId: tenant.id, filters: {}, pageSize: 50 });
    expect(events.items.map((e) => e.action).filter((a) => a.startsWith("tenant.logo"))).toEqual(["tenant.logo_removed", "tenant.logo_updated", "tenant.logo_updated"]);
  });

  it("the same file uploaded while the logo is removed or replaced: the workspace never points at a deleted file", async () => {
    const { tenant, owner } = await makeTenant();
    const options = { tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META };
    for (let round = 0; round < 8; round++) {
      await setTenantLogo({ ...options, bytes: PNG });
      await Promise.all([removeTenantLogo(options), setTenantLogo({ ...options, bytes: PNG }), setTenantLogo({ ...options, bytes: PNG })]);
      const { logoKey } = await getTenantOrThrow(tenant.id);
      if (logoKey) expect(await getObject(logoKey), `round ${round}`).not.toBeNull();
      expect((await readTenantLogo(tenant.id)) === null, `round ${round}`).toBe(logoKey === null);
    }
  });

  it("refuses a hostile SVG without touching the stored logo", async () => {
    const { tenant, owner } = await makeTenant();
    const options = { tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META };
    await setTenantLogo({ ...options, bytes: PNG });
    await expect(setTenantLogo({ ...options, bytes: Buffer.from(hostile[0]![1]) })).rejects.toMatchObject({ reason: "unsafe_svg" });
    expect((await readTenantLogo(tenant.id))?.contentType).toBe("image/png");
  });
});
