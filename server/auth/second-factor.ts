import "server-only";

/** Whether the user has a second factor (TOTP or a passkey) that every sign-in must pass. */
export async function hasSecondFactor(_userId: string): Promise<boolean> {
  return false;
}

/**
 * Starts the second-factor step for someone who proved a first factor: a pending sign-in that
 * remembers `next`. Returns the address of that step.
 */
export async function beginSecondFactorStep(_userId: string, _next: string): Promise<string> {
  throw new Error("No second factor is available yet.");
}
