"use client";

import { browserSupportsWebAuthn } from "@simplewebauthn/browser";
import { useSyncExternalStore } from "react";

const never = () => () => {};

/** Whether this browser can use passkeys; false during server rendering (the button appears after hydration). */
export function useWebAuthnSupport(): boolean {
  return useSyncExternalStore(never, browserSupportsWebAuthn, () => false);
}
