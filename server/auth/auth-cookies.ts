/**
 * Auth.js cookie settings. Over https the cookies carry the `__Host-` prefix: the browser then
 * guarantees Secure, Path=/ and no Domain, so no sibling host (another workspace, a taken-over
 * subdomain) can plant or overwrite them. Plain http (localhost development) keeps Auth.js's
 * unprefixed names, which browsers accept without TLS.
 */
export function authCookies(protocol: "http" | "https") {
  if (protocol !== "https") return undefined;
  const options = { httpOnly: true, sameSite: "lax" as const, path: "/", secure: true };
  return {
    sessionToken: { name: "__Host-authjs.session-token", options },
    callbackUrl: { name: "__Host-authjs.callback-url", options },
    csrfToken: { name: "__Host-authjs.csrf-token", options },
  };
}
