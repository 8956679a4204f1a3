import "server-only";
import * as client from "openid-client";
import type { OidcConnectionConfig } from "../db/schema";
import { outboundFetch, strictOutbound } from "./outbound";

/** An openid-client configuration from what discovery found when the connection was saved. */
export function oidcConfiguration(config: OidcConnectionConfig, clientSecret: string): client.Configuration {
  const methods = config.tokenEndpointAuthMethods;
  // client_secret_basic is the default (RFC 8414) unless the provider only lists client_secret_post.
  const auth = methods && !methods.includes("client_secret_basic") && methods.includes("client_secret_post") ? client.ClientSecretPost(clientSecret) : client.ClientSecretBasic(clientSecret);
  const configuration = new client.Configuration(
    {
      issuer: config.issuer,
      authorization_endpoint: config.authorizationEndpoint,
      token_endpoint: config.tokenEndpoint,
      jwks_uri: config.jwksUri,
      ...(config.userinfoEndpoint ? { userinfo_endpoint: config.userinfoEndpoint } : {}),
    },
    config.clientId,
    undefined,
    auth,
  );
  // Token and key requests go through the same SSRF checks and timeouts as discovery.
  configuration[client.customFetch] = (url, options) => outboundFetch(url, options as RequestInit);
  if (!strictOutbound()) client.allowInsecureRequests(configuration);
  return configuration;
}
