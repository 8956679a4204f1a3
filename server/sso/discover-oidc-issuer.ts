import "server-only";
import { AppError } from "../errors";
import type { OidcConnectionConfig } from "../db/schema";
import { assertCallableUrl, outboundFetch, strictOutbound } from "./outbound";

export type DiscoveredIssuer = Omit<OidcConnectionConfig, "clientId">;

const fail = (message: string): never => {
  throw new AppError("BAD_REQUEST", message, { fieldErrors: { issuer: [message] } });
};

function endpoint(doc: Record<string, unknown>, name: string, required: boolean, strict: boolean): string | null {
  const value = doc[name];
  if (value === undefined || value === null) return required ? fail(`The discovery document has no ${name}.`) : null;
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    return fail(`The discovery document's ${name} is not a valid address.`);
  }
  if (url.protocol !== "https:" && (strict || url.protocol !== "http:")) fail(`The discovery document's ${name} must use https.`);
  return url.toString();
}

/**
 * Fetches `{issuer}/.well-known/openid-configuration` and checks what a sign-in needs: the issuer
 * it names is exactly the one entered (OpenID Connect Discovery §4.3), and it has authorization,
 * token and key endpoints. Every failure is a form error on the issuer field.
 */
export async function discoverOidcIssuer(issuerInput: string): Promise<DiscoveredIssuer> {
  const strict = strictOutbound();
  let issuer: URL;
  try {
    issuer = new URL(issuerInput.trim());
  } catch {
    return fail("Enter the issuer as a full address, like https://login.example.com.");
  }
  if (issuer.search || issuer.hash) fail("The issuer address cannot contain ? or #.");
  try {
    await assertCallableUrl(issuer, strict);
  } catch (error) {
    return fail(error instanceof Error ? error.message : "That address cannot be used.");
  }
  const discoveryUrl = `${issuer.href.replace(/\/$/, "")}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await outboundFetch(discoveryUrl, { headers: { accept: "application/json" } });
  } catch (error) {
    if (error instanceof AppError) return fail(error.message);
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return fail(timedOut ? "The identity provider did not answer in time." : "The identity provider could not be reached.");
  }
  if (response.status >= 300 && response.status < 400) fail("The discovery document redirects elsewhere; enter the issuer it redirects to.");
  if (!response.ok) fail(`The identity provider answered ${response.status} for ${discoveryUrl}.`);
  let doc: unknown;
  try {
    doc = JSON.parse(await response.text());
  } catch {
    return fail("The discovery document is not valid JSON.");
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return fail("The discovery document is not a JSON object.");
  const record = doc as Record<string, unknown>;
  const entered = issuerInput.trim();
  if (record.issuer !== entered) {
    fail(typeof record.issuer === "string" ? `The provider names its issuer ${record.issuer.slice(0, 200)}; enter exactly that.` : "The discovery document has no issuer.");
  }
  const responseTypes = record.response_types_supported;
  if (Array.isArray(responseTypes) && !responseTypes.includes("code")) fail("The identity provider does not support the authorization code flow.");
  const authMethods = Array.isArray(record.token_endpoint_auth_methods_supported) ? record.token_endpoint_auth_methods_supported.filter((m): m is string => typeof m === "string") : null;
  return {
    issuer: entered,
    authorizationEndpoint: endpoint(record, "authorization_endpoint", true, strict)!,
    tokenEndpoint: endpoint(record, "token_endpoint", true, strict)!,
    jwksUri: endpoint(record, "jwks_uri", true, strict)!,
    userinfoEndpoint: endpoint(record, "userinfo_endpoint", false, strict),
    tokenEndpointAuthMethods: authMethods,
  };
}
