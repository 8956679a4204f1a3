// What the browser's passkey prompt can fail with, in words a person can act on.
// (@simplewebauthn/browser's WebAuthnError keeps the DOMException's name.)
export function ceremonyErrorMessage(error: unknown, ceremony: "register" | "authenticate"): string {
  const { name, code } = (error ?? {}) as { name?: string; code?: string };
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" || (ceremony === "register" && name === "InvalidStateError")) {
    return "This device already holds a passkey for your account.";
  }
  if (name === "NotAllowedError" || name === "AbortError" || code === "ERROR_CEREMONY_ABORTED") {
    return ceremony === "register" ? "The passkey prompt was cancelled or timed out. No passkey was added." : "The passkey prompt was cancelled or timed out. Please try again.";
  }
  if (name === "SecurityError" || code === "ERROR_INVALID_DOMAIN" || code === "ERROR_INVALID_RP_ID") {
    return "Passkeys only work on Atrium's own address over a secure connection.";
  }
  if (name === "NotSupportedError") return "This device cannot create a passkey Atrium accepts (a passkey that verifies you, with a PIN, fingerprint or face).";
  return "The passkey could not be used. Please try again.";
}
