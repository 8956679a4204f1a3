import type { Messages } from "@/lib/i18n/messages";

/** The passkey prompts' words (AccountPasskeyPrompt) a key at a time. */
export type PromptKey = keyof Messages["AccountPasskeyPrompt"];

// What the browser's passkey prompt can fail with, in words a person can act on.
// (@simplewebauthn/browser's WebAuthnError keeps the DOMException's name.)
export function ceremonyProblem(error: unknown, ceremony: "register" | "authenticate"): PromptKey {
  const { name, code } = (error ?? {}) as { name?: string; code?: string };
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" || (ceremony === "register" && name === "InvalidStateError")) {
    return "alreadyRegistered";
  }
  if (name === "NotAllowedError" || name === "AbortError" || code === "ERROR_CEREMONY_ABORTED") {
    return ceremony === "register" ? "cancelledRegister" : "cancelledAuthenticate";
  }
  if (name === "SecurityError" || code === "ERROR_INVALID_DOMAIN" || code === "ERROR_INVALID_RP_ID") return "insecure";
  if (name === "NotSupportedError") return "unsupported";
  return "failed";
}

/**
 * The same words in English, for a page whose client components are not handed the account
 * messages (the marketing sign-in page carries common, marketing and auth only). Kept equal to
 * en/account.json by ceremony-error.test.ts.
 */
export const PROMPT_ENGLISH: Messages["AccountPasskeyPrompt"] = {
  or: "or",
  signIn: "Sign in with a passkey",
  secondFactor: "Use a passkey",
  alreadyRegistered: "This device already holds a passkey for your account.",
  cancelledRegister: "The passkey prompt was cancelled or timed out. No passkey was added.",
  cancelledAuthenticate: "The passkey prompt was cancelled or timed out. Please try again.",
  insecure: "Passkeys only work on Atrium's own address over a secure connection.",
  unsupported: "This device cannot create a passkey Atrium accepts (a passkey that verifies you, with a PIN, fingerprint or face).",
  failed: "The passkey could not be used. Please try again.",
  unreachable: "Atrium could not be reached. Check your connection and try again.",
};
