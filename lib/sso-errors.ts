// What can go wrong in an SSO sign-in, as codes for the sign-in page's query string (isomorphic:
// the page shows the message).
export const SSO_ERROR_MESSAGES = {
  no_connection: "Single sign-on is not set up for that email address. Sign in with your password.",
  not_available: "Single sign-on is not available for this workspace right now. Ask its owner, or sign in with your password.",
  expired: "That single sign-on attempt has expired or was already used. Please try again.",
  browser_mismatch: "That single sign-on attempt was started in another browser. Please start again here.",
  idp_error: "Your identity provider did not sign you in. Please try again, or ask your administrator.",
  token_invalid: "Your identity provider's answer could not be verified. Please try again, or ask your administrator.",
  email_missing: "Your identity provider did not share a usable email address.",
  email_unverified: "Your identity provider has not verified your email address.",
  account_elsewhere: "An Atrium account already uses that email address and is not part of this workspace. Sign in with your password.",
  seats: "This workspace has no free seats. Ask an owner to upgrade the plan.",
  wrong_account: "Sign in again to continue with single sign-on.",
  too_many: "Too many single sign-on attempts from your network. Wait a minute and try again.",
} as const;

export type SsoErrorCode = keyof typeof SSO_ERROR_MESSAGES;

export function ssoErrorMessage(code: string | null | undefined): string | undefined {
  return code && Object.hasOwn(SSO_ERROR_MESSAGES, code) ? SSO_ERROR_MESSAGES[code as SsoErrorCode] : undefined;
}
