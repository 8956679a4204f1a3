import enAuth from "./i18n/messages/en/auth.json";

// What can go wrong in an SSO sign-in, as codes for the sign-in page's query string (isomorphic:
// the page shows the message). The codes and their English are the messages' (AuthSso.error).
export const SSO_ERROR_MESSAGES = enAuth.AuthSso.error;

export type SsoErrorCode = keyof typeof SSO_ERROR_MESSAGES;

export function ssoErrorMessage(code: string | null | undefined): string | undefined {
  return code && Object.hasOwn(SSO_ERROR_MESSAGES, code) ? SSO_ERROR_MESSAGES[code as SsoErrorCode] : undefined;
}
