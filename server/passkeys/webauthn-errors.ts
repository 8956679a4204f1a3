import { AppError } from "../errors";
import { expectedOrigin } from "./relying-party";

/**
 * @simplewebauthn/server reports every refusal as a plain Error; this turns the ones a person can
 * act on into clear 400s (and everything else into a generic one), never a 500.
 */
export function webauthnRefusal(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : "";
  if (/origin/i.test(message)) {
    return new AppError("BAD_REQUEST", `This passkey was used from another web address. Use it on ${expectedOrigin()}.`, { reason: "wrong_origin", cause: error });
  }
  if (error instanceof Error && (error.name === "UnexpectedRPIDHash" || /RP ID/i.test(message))) {
    return new AppError("BAD_REQUEST", "This passkey was made for another site.", { reason: "wrong_rp_id", cause: error });
  }
  if (/counter/i.test(message)) {
    return new AppError(
      "BAD_REQUEST",
      "This passkey was refused: its signature counter went backwards, which is what a copied authenticator does. Use another passkey or your password.",
      { reason: "counter_regression", cause: error },
    );
  }
  if (/user verification|could not be verified/i.test(message)) {
    return new AppError("BAD_REQUEST", "Your device did not verify you (PIN, fingerprint or face). Please try again.", { reason: "user_not_verified", cause: error });
  }
  if (/user presence|not present/i.test(message)) {
    return new AppError("BAD_REQUEST", "Your device did not confirm you were present. Please try again.", { reason: "user_not_present", cause: error });
  }
  return new AppError("BAD_REQUEST", "The passkey response could not be verified.", { reason: "invalid_response", cause: error });
}
