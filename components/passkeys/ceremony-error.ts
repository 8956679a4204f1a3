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
