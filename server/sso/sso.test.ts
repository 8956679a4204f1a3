import { createServer } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, makeTenant, makeUser, TEST_META, uid } from "../../test/factories";
import { loginAtProvider, startTestOidcProvider, type TestOidcProvider } from "../../test/sso-oidc-provider";
import { setPlanOverrides } from "../billing/plan-overrides";
import { fixtureResolver } from "../domains/dns-resolver";
import { addMember } from "../members/add-member";
import { createCaller } from "../trpc/root";
import { discoverOidcIssuer } from "./discover-oidc-issuer";
import { getSsoSettings, removeSsoConnection, saveOidcConnection, setSsoEnforcement } from "./manage-sso-connection";
import { assertCallableUrl, isNonPublicAddress, pinnedFetch } from "./outbound";
import { openSecret } from "./secret-box";
import { findSsoRouteForDomain } from "../db/cross-tenant";
import { addSsoDomain, listSsoDomains, recheckSsoDomains, verifySsoDomain } from "./sso-domains";
import { forgetSsoPolicy, ssoSignInRequired } from "./sso-enforcement";
import { redeemHandoffGrant } from "../auth/handoff";
import { ssoWorkspaceHandoffUrl } from "./sso-handoff-url";
import { beginSsoSignIn, completeSsoSignIn, issueSsoHandoff, provisionSsoMember, ssoCallbackUrl, SsoSignInError } from "./sso-sign-in";

const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 2, onnotice: () => {} });
let idp: TestOidcProvider;
const accounts: Record<string, { email?: string; email_verified?: boolean; name?: string }> = {};

beforeAll(async () => {
  idp = await startTestOidcProvider({ redirectUri: ssoCallbackUrl(), accounts });
});
afterAll(async () => {
  await idp.close();
  await admin.end({ timeout: 5 });
});

async function ssoTenant(extra: Parameters<typeof makeTenant>[0] = []) {
  const t = await makeTenant(extra);
  await setPlanOverrides({ tenantId: t.tenant.id, overrides: { features: { sso: true } }, actorUserId: null, meta: TEST_META });
  return t;
}

const actor = (t: Awaited<ReturnType<typeof makeTenant>>) => ({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META });

async function connect(t: Awaited<ReturnType<typeof makeTenant>>, defaultRole: "member" | "admin" | "billing" = "member") {
  await saveOidcConnection({ ...actor(t), issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, defaultRole });
}

async function verifiedDomain(t: Awaited<ReturnType<typeof makeTenant>>, domain = `corp-${uid()}.example`) {
  const d = await addSsoDomain({ ...actor(t), domain });
  const resolver = fixtureResolver({ [d.record.name]: { TXT: [d.record.value] } });
  const { problem } = await verifySsoDomain({ ...actor(t), domainId: d.id, resolver });
  expect(problem).toBeNull();
  return domain;
}

/** The whole flow without a browser: start, log in at the provider, come back. */
async function signInThroughProvider(tenantId: string, login: string) {
  const began = await beginSsoSignIn({ tenantId, next: "/dashboard" });
  const callbackUrl = await loginAtProvider(began.authorizationUrl, login, ssoCallbackUrl());
  return { began, callbackUrl };
}

/** A server answering every request with `body` (discovery failures). */
async function fakeServer(status: number, body: string | ((origin: string) => string)) {
  const server = createServer((_req, res) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.writeHead(status, { "content-type": "application/json" }).end(typeof body === "function" ? body(origin) : body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("SSO connection", () => {
  it("keeps the client secret encrypted at rest and never shows it again", async () => {
    const t = await ssoTenant();
    await connect(t);
    const [row] = await admin<{ id: string; secret_ciphertext: string; config: Record<string, unknown> }[]>`select id, secret_ciphertext, config from sso_connections where tenant_id = ${t.tenant.id}`;
    expect(row!.secret_ciphertext).toMatch(/^v1\./);
    expect(row!.secret_ciphertext).not.toContain(idp.clientSecret);
    expect(JSON.stringify(row!.config)).not.toContain(idp.clientSecret);
    expect(openSecret(row!.secret_ciphertext, { tenantId: t.tenant.id, connectionId: row!.id })).toBe(idp.clientSecret);
    // Bound to its row: moved to another workspace (or tampered with), it does not open.
    expect(openSecret(row!.secret_ciphertext, { tenantId: (await makeTenant()).tenant.id, connectionId: row!.id })).toBeNull();
    expect(openSecret(`${row!.secret_ciphertext.slice(0, -2)}AA`, { tenantId: t.tenant.id, connectionId: row!.id })).toBeNull();

    const settings = await getSsoSettings({ tenantId: t.tenant.id });
    expect(settings.connection).toMatchObject({ issuer: idp.issuer, clientId: idp.clientId, secretSet: true });
    expect(JSON.stringify(settings)).not.toContain(idp.clientSecret);

    // Saving again without a secret keeps it; every change is audited without the secret.
    await saveOidcConnection({ ...actor(t), issuer: idp.issuer, clientId: idp.clientId, clientSecret: "", defaultRole: "admin" });
    const [again] = await admin<{ secret_ciphertext: string; default_role: string }[]>`select secret_ciphertext, default_role from sso_connections where tenant_id = ${t.tenant.id}`;
    expect(again).toMatchObject({ secret_ciphertext: row!.secret_ciphertext, default_role: "admin" });
    const audit = await admin<{ action: string; metadata: unknown }[]>`select action, metadata from audit_events where tenant_id = ${t.tenant.id} and action like 'sso.%' order by created_at`;
    expect(audit.map((a) => a.action)).toEqual(["sso.connection_created", "sso.connection_updated"]);
    expect(JSON.stringify(audit)).not.toContain(idp.clientSecret);
  });

  it("refuses a provider whose discovery document does not check out, with a message on the issuer field", async () => {
    const cases: [string | ((o: string) => string), number, RegExp][] = [
      ["not json", 200, /not valid JSON/],
      ["[]", 200, /not a JSON object/],
      [(o) => JSON.stringify({ issuer: `${o}/other`, authorization_endpoint: `${o}/a`, token_endpoint: `${o}/t`, jwks_uri: `${o}/j` }), 200, /names its issuer .*enter exactly that/],
      [(o) => JSON.stringify({ issuer: o, token_endpoint: `${o}/t`, jwks_uri: `${o}/j` }), 200, /no authorization_endpoint/],
      [(o) => JSON.stringify({ issuer: o, authorization_endpoint: `${o}/a`, jwks_uri: `${o}/j` }), 200, /no token_endpoint/],
      [(o) => JSON.stringify({ issuer: o, authorization_endpoint: `${o}/a`, token_endpoint: `${o}/t` }), 200, /no jwks_uri/],
      [(o) => JSON.stringify({ issuer: o, authorization_endpoint: "javascript:alert(1)", token_endpoint: `${o}/t`, jwks_uri: `${o}/j` }), 200, /must use https/],
      ["{}", 404, /answered 404/],
    ];
    for (const [body, status, message] of cases) {
      const server = await fakeServer(status, body);
      try {
        await expect(discoverOidcIssuer(server.origin)).rejects.toMatchObject({ code: "BAD_REQUEST", fieldErrors: { issuer: [expect.stringMatching(message)] } });
      } finally {
        await server.close();
      }
    }
    // Nothing listening, not a URL, a trailing slash the provider does not use.
    const closed = await fakeServer(200, "{}");
    await closed.close();
    await expect(discoverOidcIssuer(closed.origin)).rejects.toMatchObject({ fieldErrors: { issuer: [expect.stringMatching(/could not be reached/)] } });
    await expect(discoverOidcIssuer("login.example.com")).rejects.toMatchObject({ fieldErrors: { issuer: [expect.stringMatching(/full address/)] } });
    await expect(discoverOidcIssuer(`${idp.issuer}/`)).rejects.toMatchObject({ fieldErrors: { issuer: [expect.stringMatching(/enter exactly that/)] } });
    await expect(discoverOidcIssuer(idp.issuer)).resolves.toMatchObject({ issuer: idp.issuer, tokenEndpoint: expect.stringContaining(idp.issuer) });
  });

  it("in production calls only public https addresses (SSRF)", async () => {
    for (const ip of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fc00::1", "fe80::1", "::ffff:127.0.0.1"]) {
      expect(isNonPublicAddress(ip), ip).toBe(true);
    }
    // The same private addresses as URLs spell them (the hex IPv4-mapped form), IPv4-compatible and 6to4.
    for (const url of ["https://[::ffff:10.0.0.1]/", "https://[::ffff:169.254.169.254]/", "https://[::ffff:127.0.0.1]/", "https://[::7f00:1]/", "https://[2002:a00:1::]/"]) {
      await expect(assertCallableUrl(new URL(url), true), url).rejects.toThrow(/private or local/);
    }
    for (const ip of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"]) expect(isNonPublicAddress(ip), ip).toBe(false);
    await expect(assertCallableUrl(new URL("http://8.8.8.8/"), true)).rejects.toThrow(/https/);
    await expect(assertCallableUrl(new URL("https://127.0.0.1/"), true)).rejects.toThrow(/private or local/);
    await expect(assertCallableUrl(new URL("https://[::1]/"), true)).rejects.toThrow(/private or local/);
    await expect(assertCallableUrl(new URL("https://169.254.169.254/latest"), true)).rejects.toThrow(/private or local/);
    await expect(assertCallableUrl(new URL("https://localhost/"), true)).rejects.toThrow(/private or local|could not be found/);
    await expect(assertCallableUrl(new URL("https://user:pw@8.8.8.8/"), true)).rejects.toThrow(/user name/);
    await expect(assertCallableUrl(new URL("file:///etc/passwd"), false)).rejects.toThrow(/https/);
  });

  it("is an Enterprise feature: refused on other plans, and sign-in stops when the plan loses it", async () => {
    const t = await makeTenant();
    await setPlanOverrides({ tenantId: t.tenant.id, overrides: { features: { sso: false } }, actorUserId: null, meta: TEST_META });
    await expect(connect(t)).rejects.toMatchObject({ code: "FORBIDDEN", reason: "feature_not_in_plan" });
    await expect(addSsoDomain({ ...actor(t), domain: `x-${uid()}.example` })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await getSsoSettings({ tenantId: t.tenant.id })).allowed).toBe(false);

    await setPlanOverrides({ tenantId: t.tenant.id, overrides: { features: { sso: true } }, actorUserId: null, meta: TEST_META });
    await connect(t);
    const domain = await verifiedDomain(t);
    await expect(beginSsoSignIn({ tenantId: t.tenant.id, next: "/dashboard" })).resolves.toMatchObject({ authorizationUrl: expect.stringContaining(idp.issuer) });
    await setPlanOverrides({ tenantId: t.tenant.id, overrides: { features: { sso: false } }, actorUserId: null, meta: TEST_META });
    await expect(beginSsoSignIn({ tenantId: t.tenant.id, next: "/dashboard" })).rejects.toMatchObject({ code: "not_available" });
    // Routing still names the workspace; starting there is what refuses.
    expect(await findSsoRouteForDomain(domain)).toMatchObject({ tenantId: t.tenant.id });
  });

  it("lets owners change it, admins look, and nobody else in; hostile input is a 400", async () => {
    const t = await ssoTenant([{ role: "admin" }, { role: "member" }]);
    const owner = createCaller(contextFor({ user: t.owner, tenant: t.tenant }));
    const adminCaller = createCaller(contextFor({ user: t.members[0]!.user, tenant: t.tenant }));
    const member = createCaller(contextFor({ user: t.members[1]!.user, tenant: t.tenant }));
    const stranger = createCaller(contextFor({ user: await makeUser(), tenant: t.tenant }));
    const input = { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, defaultRole: "member" as const };
    await owner.sso.saveConnection(input);
    await expect(adminCaller.sso.get()).resolves.toMatchObject({ connection: { secretSet: true } });
    await expect(adminCaller.sso.saveConnection(input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(adminCaller.sso.setEnforcement({ enforced: false, breakGlassUserId: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(member.sso.get()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(stranger.sso.get()).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(owner.sso.saveConnection({ ...input, clientId: "a\u0000b" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(owner.sso.saveConnection({ ...input, issuer: "x".repeat(100_000) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(owner.sso.saveConnection({ ...input, defaultRole: "owner" as "member" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(owner.sso.addDomain({ domain: "10.0.0.1" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // An email domain is usually a domain's root: SSO proves it with a TXT record only.
    const apex = `corp-${uid()}.example`;
    await expect(owner.sso.addDomain({ domain: apex })).resolves.toMatchObject({ domain: apex });
  });
});

describe("verified email domains", () => {
  it("can be verified by only one workspace, also when both try at once", async () => {
    const a = await ssoTenant();
    const b = await ssoTenant();
    const domain = `shared-${uid()}.example`;
    const da = await addSsoDomain({ ...actor(a), domain });
    const db = await addSsoDomain({ ...actor(b), domain });
    // Both records are published: each workspace has really proven control.
    const resolver = fixtureResolver({ [da.record.name]: { TXT: [da.record.value, db.record.value] } });
    const [ra, rb] = await Promise.all([
      verifySsoDomain({ ...actor(a), domainId: da.id, resolver }),
      verifySsoDomain({ ...actor(b), domainId: db.id, resolver }),
    ]);
    const outcomes = [ra.problem, rb.problem];
    expect(outcomes.filter((p) => p === null)).toHaveLength(1);
    expect(outcomes.find((p) => p !== null)).toMatch(/Another workspace has already verified/);
    const [{ n }] = (await admin`select count(*)::int as n from sso_domains where domain = ${domain} and status = 'verified'`) as unknown as [{ n: number }];
    expect(n).toBe(1);
  });

  it("needs the TXT record, and says what is missing", async () => {
    const t = await ssoTenant();
    const d = await addSsoDomain({ ...actor(t), domain: `nodns-${uid()}.example` });
    const missing = await verifySsoDomain({ ...actor(t), domainId: d.id, resolver: fixtureResolver({}) });
    expect(missing.problem).toMatch(/No TXT record found at _atrium-challenge\./);
    const wrong = await verifySsoDomain({ ...actor(t), domainId: d.id, resolver: fixtureResolver({ [d.record.name]: { TXT: ["atrium-verification=nope"] } }) });
    expect(wrong.problem).toMatch(/does not contain/);
    expect(wrong.domain.status).toBe("pending");
    await expect(addSsoDomain({ ...actor(t), domain: d.domain })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("verified email domains, checked again", () => {
  it("a record that is gone marks the domain failing; gone for the grace period, it is no longer verified and its sign-ins stop", async () => {
    const t = await ssoTenant();
    await connect(t);
    const domain = await verifiedDomain(t);
    const d = (await listSsoDomains({ tenantId: t.tenant.id })).find((x) => x.domain === domain)!;
    let published = true;
    // Only this domain's record answers; every other name is a DNS failure, which decides nothing.
    const resolver = {
      cname: async () => [],
      txt: async (name: string) => {
        if (name !== d.record.name) throw Object.assign(new Error("not this test's"), { code: "ESERVFAIL" });
        return published ? [d.record.value] : [];
      },
    };
    const row = async () => (await admin<{ status: string; failing_since: Date | null; last_problem: string | null }[]>`select status, failing_since, last_problem from sso_domains where id = ${d.id}`)[0]!;
    const start = Date.now();
    const at = (hours: number) => new Date(start + hours * 3_600_000);

    published = false;
    await recheckSsoDomains({ resolver, now: at(1) }); // checked an hour ago: not due yet
    expect(await row()).toMatchObject({ status: "verified", failing_since: null });
    await recheckSsoDomains({ resolver, now: at(25) });
    expect(await row()).toMatchObject({ status: "verified", failing_since: at(25), last_problem: expect.stringMatching(/is gone\. Restore it before .* UTC, or single sign-on stops for this domain\.$/) });
    expect(await findSsoRouteForDomain(domain)).not.toBeNull();
    // Restored in time: nothing more to say.
    published = true;
    await recheckSsoDomains({ resolver, now: at(50) });
    expect(await row()).toMatchObject({ status: "verified", failing_since: null, last_problem: null });
    // Gone again, and for the whole grace period (72 hours): unverified.
    published = false;
    await recheckSsoDomains({ resolver, now: at(75) });
    await recheckSsoDomains({ resolver, now: at(100) });
    expect(await row()).toMatchObject({ status: "verified", failing_since: at(75) });
    await recheckSsoDomains({ resolver, now: at(148) });
    expect(await row()).toMatchObject({ status: "pending", failing_since: null, last_problem: expect.stringMatching(/no longer verified/) });
    expect(await findSsoRouteForDomain(domain)).toBeNull();
    await expect(provisionSsoMember({ tenantId: t.tenant.id, email: `someone@${domain}`, name: "Someone", emailVerified: true, subject: "s-gone", meta: TEST_META })).rejects.toMatchObject({
      code: "account_elsewhere",
    });
    const owner = createCaller(contextFor({ user: t.owner, tenant: t.tenant }));
    const events = await owner.audit.list({ filters: { action: "sso.domain_unverified" } });
    expect(events.items.map((e) => e.metadata)).toEqual([{ domain }]);
  });
});

describe("SSO sign-in", () => {
  it("signs a new person in through the real provider and adds them just in time, once", async () => {
    const t = await ssoTenant();
    await connect(t, "billing");
    const domain = await verifiedDomain(t);
    const email = `pat-${uid()}@${domain}`;
    const { began, callbackUrl } = await signInThroughProvider(t.tenant.id, email);
    expect(new URL(began.authorizationUrl).searchParams.get("code_challenge_method")).toBe("S256");
    const done = await completeSsoSignIn({ callbackUrl, browserKey: began.browserKey, meta: TEST_META });
    expect(done).toMatchObject({ tenantId: t.tenant.id, next: "/dashboard", joined: true });
    const [member] = await admin<{ role: string; email_verified_at: Date | null }[]>`
      select m.role, u.email_verified_at from memberships m join users u on u.id = m.user_id where m.tenant_id = ${t.tenant.id} and u.email = ${email}`;
    expect(member).toMatchObject({ role: "billing", email_verified_at: expect.any(Date) });

    // The same callback again (replayed, or a second tab): the state is spent.
    await expect(completeSsoSignIn({ callbackUrl, browserKey: began.browserKey, meta: TEST_META })).rejects.toMatchObject({ code: "expired" });
    // Signing in again finds the same person and membership.
    const second = await signInThroughProvider(t.tenant.id, email);
    await expect(completeSsoSignIn({ callbackUrl: second.callbackUrl, browserKey: second.began.browserKey, meta: TEST_META })).resolves.toMatchObject({ userId: done.userId, joined: false });
  });

  it("adds one membership however many callbacks arrive at once", async () => {
    const t = await ssoTenant();
    await connect(t);
    const domain = await verifiedDomain(t);
    const email = `race-${uid()}@${domain}`;
    const results = await Promise.all(Array.from({ length: 6 }, () => provisionSsoMember({ tenantId: t.tenant.id, email, name: "Race", emailVerified: true, subject: "s", meta: TEST_META })));
    expect(new Set(results.map((r) => r.userId)).size).toBe(1);
    expect(results.filter((r) => r.joined)).toHaveLength(1);
    const rows = await admin`select 1 from memberships m join users u on u.id = m.user_id where m.tenant_id = ${t.tenant.id} and u.email = ${email}`;
    expect(rows).toHaveLength(1);
    const audits = await admin`select 1 from audit_events where tenant_id = ${t.tenant.id} and action = 'member.added' and metadata->>'email' = ${email}`;
    expect(audits).toHaveLength(1);
  });

  it("counts seats as invitations do: pending invitations hold theirs, and an invited address takes its own", async () => {
    // Starter (5 seats): four members and one pending invitation use them all.
    const t = await ssoTenant(Array.from({ length: 3 }, () => ({ role: "member" as const })));
    await admin`update tenants set plan_id = 'starter', status = 'active' where id = ${t.tenant.id}`;
    await connect(t);
    const domain = await verifiedDomain(t);
    const invited = `invited-${uid()}@${domain}`;
    await createCaller(contextFor({ user: t.owner, tenant: t.tenant })).member.invite({ email: invited, role: "member" });
    const provision = (email: string) => provisionSsoMember({ tenantId: t.tenant.id, email, name: "Seat", emailVerified: true, subject: `s-${email}`, meta: TEST_META });
    await expect(provision(`stranger-${uid()}@${domain}`)).rejects.toMatchObject({ code: "seats" });
    await expect(provision(invited)).resolves.toMatchObject({ joined: true });
    // That invitation's seat is taken by the sign-in: it is used up, not left to bring the person
    // back with its role after they are removed.
    const [invitation] = await admin`select revoked_at, accepted_at from invitations where tenant_id = ${t.tenant.id} and email = ${invited}`;
    expect(invitation!.revoked_at).not.toBeNull();
    const [audit] = await admin`select metadata->>'reason' as reason from audit_events where tenant_id = ${t.tenant.id} and action = 'member.invitation_revoked' and metadata->>'email' = ${invited}`;
    expect(audit?.reason).toBe("joined by single sign-on");
  });

  it("refuses a callback from another browser, an expired state, a provider error and a bad ID token", async () => {
    const t = await ssoTenant();
    await connect(t);
    const domain = await verifiedDomain(t);
    const login = `eve-${uid()}@${domain}`;

    const other = await signInThroughProvider(t.tenant.id, login);
    await expect(completeSsoSignIn({ callbackUrl: other.callbackUrl, browserKey: null, meta: TEST_META })).rejects.toMatchObject({ code: "browser_mismatch" });
    await expect(completeSsoSignIn({ callbackUrl: other.callbackUrl, browserKey: "x".repeat(43), meta: TEST_META })).rejects.toMatchObject({ code: "expired" });

    const late = await signInThroughProvider(t.tenant.id, login);
    await admin`update auth_tokens set expires_at = now() - interval '1 second' where purpose = 'sso_state' and used_at is null`;
    await expect(completeSsoSignIn({ callbackUrl: late.callbackUrl, browserKey: late.began.browserKey, meta: TEST_META })).rejects.toMatchObject({ code: "expired" });

    const refused = await beginSsoSignIn({ tenantId: t.tenant.id, next: "/dashboard" });
    const state = new URL(refused.authorizationUrl).searchParams.get("state")!;
    const errorUrl = new URL(`${ssoCallbackUrl()}?error=access_denied&error_description=nope&state=${state}`);
    await expect(completeSsoSignIn({ callbackUrl: errorUrl, browserKey: refused.browserKey, meta: TEST_META })).rejects.toMatchObject({ code: "idp_error" });

    const forged = await signInThroughProvider(t.tenant.id, login);
    // The nonce we expect no longer matches the one in the provider's ID token.
    await admin`update auth_tokens set data = jsonb_set(data, '{nonce}', '"tampered"') where purpose = 'sso_state' and used_at is null`;
    await expect(completeSsoSignIn({ callbackUrl: forged.callbackUrl, browserKey: forged.began.browserKey, meta: TEST_META })).rejects.toMatchObject({ code: "token_invalid" });

    // No state at all, or garbage.
    await expect(completeSsoSignIn({ callbackUrl: new URL(`${ssoCallbackUrl()}?code=x`), browserKey: "k", meta: TEST_META })).rejects.toBeInstanceOf(SsoSignInError);
    await expect(completeSsoSignIn({ callbackUrl: new URL(`${ssoCallbackUrl()}?code=x&state=%00${"a".repeat(5000)}`), browserKey: "k", meta: TEST_META })).rejects.toMatchObject({ code: "expired" });
    const created = await admin`select 1 from users where email = ${login}`;
    expect(created).toHaveLength(0);
  });

  it("speaks only for the workspace's verified domains: never for another address, a member's included", async () => {
    const t = await ssoTenant();
    await connect(t);
    // An address outside the verified domains, even one the provider calls verified: refused,
    // and no account is made for it.
    const outside = `guest-${uid()}@elsewhere.example`;
    accounts[outside] = { email_verified: true };
    const guest = await signInThroughProvider(t.tenant.id, outside);
    await expect(completeSsoSignIn({ callbackUrl: guest.callbackUrl, browserKey: guest.began.browserKey, meta: TEST_META })).rejects.toMatchObject({ code: "account_elsewhere" });
    expect(await admin`select 1 from users where email = ${outside}`).toHaveLength(0);

    // Someone else's existing account, claimed by this workspace's provider.
    const victim = await makeUser("Victim");
    const claim = await signInThroughProvider(t.tenant.id, victim.email);
    await expect(completeSsoSignIn({ callbackUrl: claim.callbackUrl, browserKey: claim.began.browserKey, meta: TEST_META })).rejects.toMatchObject({ code: "account_elsewhere" });
    expect(await admin`select 1 from memberships where user_id = ${victim.id} and tenant_id = ${t.tenant.id}`).toHaveLength(0);

    // Not even an existing member: an owner running their own provider could otherwise sign in
    // as a contractor with their own address, and so reach the contractor's other workspaces.
    const member = await makeUser("Member");
    await addMember({ tenantId: t.tenant.id, userId: member.id, role: "member", actorUserId: t.owner.id, meta: TEST_META });
    accounts[member.email] = { email_verified: true };
    const contractor = await signInThroughProvider(t.tenant.id, member.email);
    await expect(completeSsoSignIn({ callbackUrl: contractor.callbackUrl, browserKey: contractor.began.browserKey, meta: TEST_META })).rejects.toMatchObject({ code: "account_elsewhere" });
  });
});

describe("the way into the workspace after SSO", () => {
  it("is a pass for the signed-in person only, once, that marks the workspace session as SSO", async () => {
    const t = await ssoTenant();
    const pass = await issueSsoHandoff(t.owner.id, t.tenant.id, "/dashboard/members");
    const someoneElse = await makeUser();
    expect(await ssoWorkspaceHandoffUrl(pass, someoneElse.id)).toBeNull();
    const url = new URL((await ssoWorkspaceHandoffUrl(pass, t.owner.id))!);
    expect(url.host).toBe(`${t.tenant.slug}.localhost:3000`);
    expect(url.searchParams.get("next")).toBe("/dashboard/members");
    expect(await ssoWorkspaceHandoffUrl(pass, t.owner.id)).toBeNull();
    await expect(redeemHandoffGrant({ token: url.searchParams.get("token")!, host: url.host })).resolves.toEqual({ userId: t.owner.id, ssoTenantId: t.tenant.id, parentSessionId: null, support: null });
  });
});

describe("enforced SSO", () => {
  it("keeps members without an SSO session out, except the break-glass owner", async () => {
    const t = await ssoTenant([{ role: "owner" }, { role: "member" }]);
    const secondOwner = t.members[0]!.user;
    const member = t.members[1]!.user;
    // Enforcement covers the addresses in the workspace's verified domains: the test users' domain.
    await verifiedDomain(t, "example.test");
    const emailOf = new Map([t.owner, secondOwner, member].map((u) => [u.id, u.email]));
    const check = (userId: string, role: "owner" | "member", sessionSsoTenantId: string | null = null) =>
      ssoSignInRequired({ tenantId: t.tenant.id, userId, email: emailOf.get(userId)!, role, sessionSsoTenantId });

    await expect(setSsoEnforcement({ ...actor(t), enforced: true, breakGlassUserId: t.owner.id })).rejects.toMatchObject({ message: /connection before enforcing/ });
    await connect(t);
    await expect(setSsoEnforcement({ ...actor(t), enforced: true, breakGlassUserId: null })).rejects.toMatchObject({ fieldErrors: { breakGlassUserId: expect.any(Array) } });
    await expect(setSsoEnforcement({ ...actor(t), enforced: true, breakGlassUserId: member.id })).rejects.toMatchObject({ message: /must be an owner/ });
    expect(await check(member.id, "member")).toBe(false);

    await setSsoEnforcement({ ...actor(t), enforced: true, breakGlassUserId: t.owner.id });
    expect(await check(member.id, "member")).toBe(true);
    expect(await check(secondOwner.id, "owner")).toBe(true);
    expect(await check(t.owner.id, "owner")).toBe(false);
    // A session started through this workspace's SSO passes; another workspace's SSO does not.
    expect(await check(member.id, "member", t.tenant.id)).toBe(false);
    expect(await check(member.id, "member", (await makeTenant()).tenant.id)).toBe(true);
    // The break-glass account demoted is no longer exempt.
    expect(await check(t.owner.id, "member")).toBe(true);
    // Someone whose address is outside the verified domains keeps their own sign-in.
    forgetSsoPolicy(t.tenant.id);
    expect(await ssoSignInRequired({ tenantId: t.tenant.id, userId: member.id, email: "contractor@elsewhere.example", role: "member", sessionSsoTenantId: null })).toBe(false);

    // tRPC: without an SSO session the member is not a member here.
    const plain = createCaller(contextFor({ user: member, tenant: t.tenant }));
    await expect(plain.member.list()).rejects.toMatchObject({ code: "NOT_FOUND" });
    const viaSso = createCaller({ ...contextFor({ user: member, tenant: t.tenant }), user: { ...member, ssoTenantId: t.tenant.id } });
    await expect(viaSso.member.list()).resolves.toBeTruthy();
    const breakGlass = createCaller(contextFor({ user: t.owner, tenant: t.tenant }));
    await expect(breakGlass.sso.get()).resolves.toMatchObject({ enforced: true, breakGlassUserId: t.owner.id });

    // A lapsed plan or a removed connection never locks people out.
    await setPlanOverrides({ tenantId: t.tenant.id, overrides: { features: { sso: false } }, actorUserId: null, meta: TEST_META });
    forgetSsoPolicy(t.tenant.id);
    expect(await check(member.id, "member")).toBe(false);
    await setPlanOverrides({ tenantId: t.tenant.id, overrides: { features: { sso: true } }, actorUserId: null, meta: TEST_META });
    forgetSsoPolicy(t.tenant.id);
    expect(await check(member.id, "member")).toBe(true);
    await removeSsoConnection(actor(t));
    expect(await check(member.id, "member")).toBe(false);
    expect((await getSsoSettings({ tenantId: t.tenant.id })).enforced).toBe(false);
    const audit = await admin<{ action: string }[]>`select action from audit_events where tenant_id = ${t.tenant.id} and action like 'sso.enforcement%' order by created_at`;
    expect(audit.map((a) => a.action)).toEqual(["sso.enforcement_enabled"]);
  });

  it("connects to the address that was checked, whatever the name resolves to later (no DNS rebinding)", async () => {
    const seen: { method: string; body: string; host: string | undefined }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        seen.push({ method: req.method ?? "", body, host: req.headers.host });
        if (req.url === "/big") {
          res.writeHead(200, { "content-type": "application/json" });
          res.end("x".repeat(600 * 1024));
          return;
        }
        res.writeHead(200, { "content-type": "application/json", "set-cookie": ["a=1", "b=2"] });
        res.end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      // The name does not resolve at all: only the pinned address can have been used.
      const url = new URL(`http://idp.invalid:${port}/token`);
      const pinned = [{ address: "127.0.0.1", family: 4 as const }];
      const answer = await pinnedFetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ code: "abc" }) }, pinned, AbortSignal.timeout(5_000));
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ ok: true });
      expect(answer.headers.get("set-cookie")).toContain("a=1");
      expect(seen).toEqual([{ method: "POST", body: "code=abc", host: `idp.invalid:${port}` }]);
      // An answer larger than the cap is refused, not buffered.
      await expect(pinnedFetch(new URL(`http://idp.invalid:${port}/big`), {}, pinned, AbortSignal.timeout(5_000))).rejects.toThrow(/too large/);
    } finally {
      server.close();
    }
    // A status line with a control character in its text (Node accepts it, a fetch Response would
    // not): the call still settles. And the first pinned address refusing, the next is tried.
    const raw = createNetServer((socket) => {
      socket.once("data", () => socket.end("HTTP/1.1 200 O\x01K\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}"));
    });
    await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
    const rawPort = (raw.address() as AddressInfo).port;
    try {
      const odd = await pinnedFetch(new URL(`http://idp.invalid:${rawPort}/`), {}, [{ address: "127.0.0.1", family: 4 }], AbortSignal.timeout(5_000));
      expect(odd.status).toBe(200);
      const fallback = await pinnedFetch(new URL(`http://idp.invalid:${rawPort}/`), {}, [{ address: "::1", family: 6 }, { address: "127.0.0.1", family: 4 }], AbortSignal.timeout(5_000));
      expect(fallback.status).toBe(200);
    } finally {
      raw.close();
    }
  });
});
