import "server-only";
import { env } from "../env";
import { originFor } from "../hosts/parse-host";

/** The apex address that starts a workspace's SSO sign-in and comes back to `next` on its host. */
export function ssoStartUrl(slug: string, next: string): string {
  return `${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/auth/sso/start?${new URLSearchParams({ workspace: slug, next })}`;
}
