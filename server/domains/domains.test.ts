import postgres from "postgres";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import { contextFor, makeTenant, TEST_META } from "../../test/factories";
import { setPlanOverrides } from "../billing/plan-overrides";
import { listOutbox } from "../email/list-outbox";
import { createCaller } from "../trpc/root";
import { checkDomain, recheckDomains } from "./domains";
import { fixtureResolver, type DnsFixture } from "./dns-resolver";
import { customHostnameProblem } from "./hostname";
import { emailConsumer } from "../email/email-consumer";
import { relayCommittedEvents } from "../../test/relay-consumer";

const { proxy } = await import("../../proxy");
const { customDomainHandoffUrl } = await import("../auth/custom-domain-handoff");
const { redeemHandoff } = await import("../auth/handoff");

const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
afterAll(() => admin.end({ timeout: 5 }));

const TARGET = "domains.localhost";
const hours = (n: number) => n * 3_600_000;

async function proTenant() {
  const t = await makeTenant();
  // The trial already includes Pro; pin the feature so the test does not depend on the trial.
  await setPlanOverrides({ tenantId: t.tenant.id, overrides: { features: { customDomain: true } }, actorUserId: null, meta: TEST_META });
  return { ...t, caller: createCaller(contextFor({ user: t.owner, tenant: t.tenant })) };
}

function dnsFor(hostname: string, token: string, parts: { txt?: boolean; cname?: string | null } = {}): DnsFixture {
  const records: DnsFixture = {};
  if (parts.txt !== false) records[`_atrium-challenge.${hostname}`] = { TXT: [`atrium-verification=${token}`] };
  const cname = parts.cname === undefined ? TARGET : parts.cname;
  if (cname) records[hostname] = { ...records[hostname], CNAME: [`${cname}.`] };
  return records;
}

function rewriteOf(res: Response): string | null {
  const target = res.headers.get("x-middleware-rewrite");
  return target ? new URL(target).pathname : null;
}

describe("custom domain names", () => {
  it("accepts real domains and explains what is wrong with others", () => {
    expect(customHostnameProblem("portal.acme.com", "localhost:3000")).toBeNull();
    expect(customHostnameProblem("shop.xn--bcher-kva.example", "localhost:3000")).toBeNull();
    expect(customHostnameProblem("portal.acme.co.uk", "localhost:3000")).toBeNull();
    // A domain's root cannot carry the CNAME record verification asks for.
    expect(customHostnameProblem("acme.com", "localhost:3000")).toBe(
      "Use a subdomain such as portal.acme.com: the domain itself cannot point here, because DNS allows no CNAME record at a domain's root.",
    );
    expect(customHostnameProblem("acme.co.uk", "localhost:3000")).toMatch(/portal\.acme\.co\.uk/);
    expect(customHostnameProblem("10.0.0.1", "localhost:3000")).toMatch(/IP address/);
    expect(customHostnameProblem("acme", "localhost:3000")).toMatch(/full domain/);
    expect(customHostnameProblem("acme.example.com", "example.com")).toMatch(/already yours/);
    expect(customHostnameProblem("bad_name.example.com", "localhost:3000")).toMatch(/letters, digits/);
    expect(customHostnameProblem("x.localhost", "example.com")).toMatch(/public domain/);
  });

  it("is refused through the router with a field error", async () => {
    const { caller } = await proTenant();
    await expect(caller.domain.add({ hostname: "not a domain" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // Pasted URLs are cleaned up.
    const d = await caller.domain.add({ hostname: "https://Portal.Example.COM./login" });
    expect(d.hostname).toBe("portal.example.com");
    // International names are kept in the form DNS uses.
    expect((await caller.domain.add({ hostname: "Shop.Bücher.example" })).hostname).toBe("shop.xn--bcher-kva.example");
    expect((await caller.domain.add({ hostname: "ｐｏｒｔａｌ．ｍｕｅｌｌｅｒ．ｅｘａｍｐｌｅ。" })).hostname).toBe("portal.mueller.example");
    await expect(caller.domain.add({ hostname: "example.com" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Use a subdomain such as portal.example.com") });
    await expect(caller.domain.add({ hostname: "portal.example.com" })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("domain verification", () => {
  it("moves pending -> verified only when both records are right, saying what is missing", async () => {
    const { tenant, caller } = await proTenant();
    const hostname = `portal-${tenant.slug}.example.com`;
    const added = await caller.domain.add({ hostname });
    expect(added.status).toBe("pending");
    expect(added.records).toEqual([
      { type: "TXT", name: `_atrium-challenge.${hostname}`, value: `atrium-verification=${added.verificationToken}` },
      { type: "CNAME", name: hostname, value: TARGET },
    ]);
    const check = (records: DnsFixture) => checkDomain({ tenantId: tenant.id, domainId: added.id, actorUserId: null, meta: TEST_META, resolver: fixtureResolver(records) });

    const nothing = await check({});
    expect(nothing.domain.status).toBe("pending");
    expect(nothing.problems).toEqual([
      `No TXT record found at _atrium-challenge.${hostname}. Add one with the value atrium-verification=${added.verificationToken}.`,
      `No CNAME record found for ${hostname}. Add a CNAME pointing to ${TARGET}.`,
    ]);
    const wrongTxt = await check({ [`_atrium-challenge.${hostname}`]: { TXT: ["atrium-verification=nope"] }, [hostname]: { CNAME: [TARGET] } });
    expect(wrongTxt.problems).toEqual([expect.stringContaining("exists but does not contain")]);
    const wrongCname = await check(dnsFor(hostname, added.verificationToken, { cname: "elsewhere.example.net" }));
    expect(wrongCname.problems).toEqual([`${hostname} points to elsewhere.example.net instead of ${TARGET}. Change the CNAME record to ${TARGET}.`]);
    expect(wrongCname.domain.lastProblem).toContain("elsewhere.example.net");

    // Not routed while pending.
    expect(rewriteOf(await proxy(new NextRequest(`http://${hostname}/`, { headers: { host: hostname } })))).toBe("/status/tenant-not-found");

    const ok = await check(dnsFor(hostname, added.verificationToken));
    expect(ok.problems).toEqual([]);
    expect(ok.domain).toMatchObject({ status: "verified", lastProblem: null, verifiedAt: expect.any(Date) });

    // Host -> tenant: the verified domain routes to the tenant's surface, query string kept.
    const res = await proxy(new NextRequest(`http://${hostname}/dashboard?x=1`, { headers: { host: `${hostname.toUpperCase()}.` } }));
    expect(rewriteOf(res)).toBe(`/t/${tenant.slug}/dashboard`);
    const events = await caller.audit.list({ filters: { action: "domain.verified" } });
    expect(events.total).toBe(1);
  });

  it("a routed domain that stops resolving warns owners, keeps routing through the grace period, then is disabled", async () => {
    const { tenant, owner, caller } = await proTenant();
    const hostname = `shop-${tenant.slug}.example.org`;
    const d = await caller.domain.add({ hostname });
    const good = fixtureResolver(dnsFor(hostname, d.verificationToken));
    const gone = fixtureResolver({});
    const t0 = new Date();
    await checkDomain({ tenantId: tenant.id, domainId: d.id, actorUserId: null, meta: TEST_META, resolver: good, now: t0 });

    // Not due yet: nothing re-checked.
    expect(await recheckDomains({ resolver: gone, now: new Date(t0.getTime() + hours(1)) })).toBe(0);
    await recheckDomains({ resolver: gone, now: new Date(t0.getTime() + hours(25)) });
    let [row] = (await caller.domain.list()).domains;
    expect(row).toMatchObject({ status: "failing", failingSince: expect.any(Date), disablesAt: expect.any(Date) });
    await relayCommittedEvents(emailConsumer);
    const mail = (await listOutbox()).filter((m) => m.toAddress === owner.email && m.subject.includes(hostname));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toMatch(/^Action needed/);
    // Still routes during the grace period.
    expect(rewriteOf(await proxy(new NextRequest(`http://${hostname}/`, { headers: { host: hostname } })))).toBe(`/t/${tenant.slug}`);

    await recheckDomains({ resolver: gone, now: new Date(t0.getTime() + hours(50)) });
    expect((await caller.domain.list()).domains[0]!.status).toBe("failing");
    await recheckDomains({ resolver: gone, now: new Date(t0.getTime() + hours(25 + 73)) });
    [row] = (await caller.domain.list()).domains;
    expect(row!.status).toBe("disabled");
    expect((await listOutbox()).filter((m) => m.toAddress === owner.email && m.subject === `${hostname} has been disconnected`)).toHaveLength(1);
    expect(rewriteOf(await proxy(new NextRequest(`http://${hostname}/`, { headers: { host: hostname } })))).toBe("/status/tenant-not-found");

    // Fixing DNS and verifying again reconnects it.
    const again = await checkDomain({ tenantId: tenant.id, domainId: d.id, actorUserId: owner.id, meta: TEST_META, resolver: good });
    expect(again.domain.status).toBe("verified");
  });

  it("records holding bytes PostgreSQL cannot store (NUL, broken UTF-16) are quoted safely: Verify answers, the re-check still fails the domain", async () => {
    const { tenant, caller } = await proTenant();
    const hostname = `odd-${tenant.slug}.example.com`;
    const d = await caller.domain.add({ hostname });
    const hostile: DnsFixture = { [`_atrium-challenge.${hostname}`]: { TXT: ["x\u0000y", "\ud800z"] }, [hostname]: { CNAME: ["evil\u0000.example.net."] } };
    const pending = await checkDomain({ tenantId: tenant.id, domainId: d.id, actorUserId: null, meta: TEST_META, resolver: fixtureResolver(hostile) });
    expect(pending.domain.status).toBe("pending");
    expect(pending.problems).toEqual([expect.stringContaining("(found: x?y, \ufffdz)"), expect.stringContaining("points to evil?.example.net instead of")]);

    const t0 = new Date();
    await checkDomain({ tenantId: tenant.id, domainId: d.id, actorUserId: null, meta: TEST_META, resolver: fixtureResolver(dnsFor(hostname, d.verificationToken)), now: t0 });
    await recheckDomains({ resolver: fixtureResolver({ ...hostile, [hostname]: { CNAME: [`${TARGET}.`] } }), now: new Date(t0.getTime() + hours(25)) });
    expect((await caller.domain.list()).domains[0]).toMatchObject({ status: "failing", lastProblem: expect.stringContaining("x?y") as unknown });
  });

  it("a failing domain that recovers goes back to verified without being disabled", async () => {
    const { tenant, caller } = await proTenant();
    const hostname = `app-${tenant.slug}.example.net`;
    const d = await caller.domain.add({ hostname });
    const good = fixtureResolver(dnsFor(hostname, d.verificationToken));
    const t0 = new Date();
    await checkDomain({ tenantId: tenant.id, domainId: d.id, actorUserId: null, meta: TEST_META, resolver: good, now: t0 });
    await recheckDomains({ resolver: fixtureResolver({}), now: new Date(t0.getTime() + hours(25)) });
    await recheckDomains({ resolver: good, now: new Date(t0.getTime() + hours(50)) });
    expect((await caller.domain.list()).domains[0]).toMatchObject({ status: "verified", failingSince: null });
  });

  it("a DNS outage changes nothing; a plan without custom domains makes a routed domain fail its re-check", async () => {
    const { tenant, caller } = await proTenant();
    const hostname = `plan-${tenant.slug}.example.com`;
    const d = await caller.domain.add({ hostname });
    const t0 = new Date();
    await checkDomain({ tenantId: tenant.id, domainId: d.id, actorUserId: null, meta: TEST_META, resolver: fixtureResolver(dnsFor(hostname, d.verificationToken)), now: t0 });
    const down = { txt: () => Promise.reject(Object.assign(new Error("timeout"), { code: "ETIMEOUT" })), cname: () => Promise.reject(Object.assign(new Error("timeout"), { code: "ETIMEOUT" })) };
    await recheckDomains({ resolver: down, now: new Date(t0.getTime() + hours(25)) });
    expect((await caller.domain.list()).domains[0]!.status).toBe("verified");

    await setPlanOverrides({ tenantId: tenant.id, overrides: {}, actorUserId: null, meta: TEST_META });
    await admin`update tenants set status = 'active', plan_id = 'starter' where id = ${tenant.id}`;
    await recheckDomains({ resolver: fixtureResolver(dnsFor(hostname, d.verificationToken)), now: new Date(t0.getTime() + hours(26)) });
    const [row] = (await caller.domain.list()).domains;
    expect(row!.status).toBe("failing");
    expect(row!.lastProblem).toMatch(/plan no longer includes custom domains/);
  });

  it("one domain routes to one workspace only", async () => {
    const a = await proTenant();
    const b = await proTenant();
    const hostname = `shared-${a.tenant.slug}.example.com`;
    const da = await a.caller.domain.add({ hostname });
    await checkDomain({ tenantId: a.tenant.id, domainId: da.id, actorUserId: null, meta: TEST_META, resolver: fixtureResolver(dnsFor(hostname, da.verificationToken)) });
    await expect(b.caller.domain.add({ hostname })).rejects.toMatchObject({ code: "CONFLICT" });
    // Another tenant cannot see or remove it either.
    expect((await b.caller.domain.list()).domains).toEqual([]);
    await expect(b.caller.domain.remove({ domainId: da.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("is a plan feature, and only owners and admins manage domains", async () => {
    const t = await makeTenant([{ role: "member" }]);
    await admin`update tenants set status = 'active', plan_id = 'starter' where id = ${t.tenant.id}`;
    const caller = createCaller(contextFor({ user: t.owner, tenant: t.tenant }));
    await expect(caller.domain.add({ hostname: "portal.example.com" })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/Pro and above/) });
    expect((await caller.domain.list()).allowed).toBe(false);
    const member = createCaller(contextFor({ user: t.members[0]!.user, tenant: t.tenant }));
    await expect(member.domain.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("signing in on a custom domain", () => {
  it("hands a member over from the apex with a one-time token bound to the domain; non-members get nothing", async () => {
    const { tenant, owner, caller } = await proTenant();
    const hostname = `login-${tenant.slug}.example.com`;
    const d = await caller.domain.add({ hostname });
    const dns = fixtureResolver(dnsFor(hostname, d.verificationToken));
    expect(await customDomainHandoffUrl(owner.id, hostname, "/dashboard", dns)).toBeNull(); // not verified yet
    await checkDomain({ tenantId: tenant.id, domainId: d.id, actorUserId: null, meta: TEST_META, resolver: dns });

    // Verified, but DNS now points somewhere else: no token is sent there.
    expect(await customDomainHandoffUrl(owner.id, hostname, "/dashboard", fixtureResolver(dnsFor(hostname, d.verificationToken, { cname: "attacker.example.net" })))).toBeNull();

    const url = new URL((await customDomainHandoffUrl(owner.id, `${hostname.toUpperCase()}:8443`, "/dashboard/members", dns))!);
    // Minted for the stored hostname with the platform's port (3000 here), never a port from the request.
    expect(url.origin).toBe(`http://${hostname}:3000`);
    expect(url.pathname).toBe("/auth/handoff");
    expect(url.searchParams.get("next")).toBe("/dashboard/members");
    const token = url.searchParams.get("token")!;
    expect(await redeemHandoff({ token, host: `${tenant.slug}.localhost:3000` })).toBeNull(); // another host
    expect(await redeemHandoff({ token, host: `${hostname}:3000` })).toBe(owner.id);
    expect(await redeemHandoff({ token, host: hostname })).toBeNull(); // single use

    const stranger = await makeTenant();
    expect(await customDomainHandoffUrl(stranger.owner.id, hostname, "/dashboard", dns)).toBeNull();
    expect(await customDomainHandoffUrl(owner.id, "evil.example.com/x", "/dashboard", dns)).toBeNull();
  });
});
