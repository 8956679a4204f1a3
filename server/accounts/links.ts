import { env } from "../env";
import { originFor } from "../hosts/parse-host";

// Every account link points at the apex: recovery, verification and magic links work the same
// whichever workspace host or custom domain the person usually signs in on.

export const ACCOUNT_LINK_PATHS = {
  passwordReset: "/reset-password/",
  emailVerify: "/verify-email/",
  emailChange: "/confirm-email/",
  magicLink: "/magic-link/",
} as const;

export function apexOrigin(): string {
  return originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL);
}

export function accountLink(kind: keyof typeof ACCOUNT_LINK_PATHS, token: string): string {
  return `${apexOrigin()}${ACCOUNT_LINK_PATHS[kind]}${token}`;
}
