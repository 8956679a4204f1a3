import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTenant, TEST_META, uid } from "../../test/factories";
import { startTestOidcProvider, type TestOidcProvider } from "../../test/sso-oidc-provider";
import { confirmEmailChange, requestEmailChange } from "../accounts/email-change";
import { setPlanOverrides } from "../billing/plan-overrides";
import { getDb } from "../db/client";
import { emailOutbox } from "../db/schema";
import { fixtureResolver } from "../domains/dns-resolver";
import { saveOidcConnection, setSsoEnforcement } from "./manage-sso-connection";
import { addSsoDomain, verifySsoDomain } from "./sso-domains";
import { ssoCallbackUrl } from "./sso-sign-in";

// Enforced SSO covers the members whose address is in the workspace's verified domains. A member
// who could move their address out of those domains (password and a link to the new address)
// would sign in with a password again, and outlive their removal at the identity provider.

let idp: TestOidcProvider;
beforeAll(async () => {
  idp = await startTestOidcProvider({ redirectUri: ssoCallbackUrl(), accounts: {} });
});
afterAll(async () => {
  await idp.close();
});

const PASSWORD = "a long test password";
const ip = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

/** The email-change link's token in the newest email to `to`. */
async function confirmToken(to: string): Promise<string> {
  const [row] = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, to)).orderBy(desc(emailOutbox.createdAt)).limit(1);
  return /\/confirm-email\/([A-Za-z0-9_-]{43})/.exec(row?.bodyText ?? "")![1]!;
}

/** A workspace with SSO enforced over the test users' domain (example.test); its owner is the break-glass account. */
async function enforcedWorkspace(extra: Parameters<typeof makeTenant>[0]) {
  const t = await makeTenant(extra);
  const actor = { tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META };
  await setPlanOverrides({ tenantId: t.tenant.id, overrides: { features: { sso: true } }, actorUserId: null, meta: TEST_META });
  await saveOidcConnection({ ...actor, issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, defaultRole: "member" });
  const d = await addSsoDomain({ ...actor, domain: "example.test" });
  expect((await verifySsoDomain({ ...actor, domainId: d.id, resolver: fixtureResolver({ [d.record.name]: { TXT: [d.record.value] } }) })).problem).toBeNull();
  return { t, actor };
}

describe("an address managed by a workspace's enforced SSO", () => {
  it("cannot be moved out of its verified domains (asked for, or confirmed after enforcement began); within them, and for the break-glass owner, it can", async () => {
    const { t, actor } = await enforcedWorkspace([{ role: "member" }, { role: "member" }]);
    const member = t.members[0]!.user;
    const earlier = t.members[1]!.user;
    // Asked for before enforcement; confirmed after it.
    const early = `early-${uid()}@personal.example`;
    await requestEmailChange({ userId: earlier.id, newEmail: early, password: PASSWORD, ip: ip() });
    await setSsoEnforcement({ ...actor, enforced: true, breakGlassUserId: t.owner.id });

    const personal = `me-${uid()}@personal.example`;
    await expect(requestEmailChange({ userId: member.id, newEmail: personal, password: PASSWORD, ip: ip() })).rejects.toMatchObject({
      code: "FORBIDDEN",
      reason: "sso_managed_address",
      message: expect.stringContaining(`single sign-on of ${t.tenant.name}`),
      fieldErrors: { email: [expect.stringContaining("verified domains")] },
    });
    await expect(confirmEmailChange({ token: await confirmToken(early), meta: TEST_META })).rejects.toMatchObject({ reason: "sso_managed_address" });

    // Within the workspace's domains: allowed. The break-glass owner is not enforced: allowed too.
    const inside = `renamed-${uid()}@example.test`;
    await expect(requestEmailChange({ userId: member.id, newEmail: inside, password: PASSWORD, ip: ip() })).resolves.toEqual({ sentTo: inside });
    const ownerOut = `owner-${uid()}@personal.example`;
    await expect(requestEmailChange({ userId: t.owner.id, newEmail: ownerOut, password: PASSWORD, ip: ip() })).resolves.toEqual({ sentTo: ownerOut });
  });
});
