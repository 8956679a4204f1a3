import http from "node:http";
import type { AddressInfo } from "node:net";

export type TestOpenIdProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Registers the client's redirect address (known once the app's server has started) and starts answering. */
  start: (redirectUri: string) => Promise<void>;
  close: () => Promise<void>;
};

/**
 * A real OpenID provider (the `oidc-provider` package) on a free local port, standing in for
 * Google: discovery, authorization with its own login and consent pages, code exchange, signed
 * ID tokens. Any login name signs in as that account, whose verified address is `{login}`.
 */
export async function listenTestOpenIdProvider(): Promise<TestOpenIdProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "atrium-e2e";
  const clientSecret = "atrium-e2e-client-secret-0123456789";
  const start = async (redirectUri: string) => {
  const { default: Provider } = await import("oidc-provider");
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ["authorization_code"], response_types: ["code"] }],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // Like Google: the profile is in the ID token itself (Auth.js reads it from there).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => false },
    async findAccount(_ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          return { sub, email: sub, email_verified: true, name: "Olivia Idp" };
        },
      };
    },
  });
  server.on("request", provider.callback());
  };
  return {
    issuer,
    start,
    clientId,
    clientSecret,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
