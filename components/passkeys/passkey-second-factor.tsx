"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { beginPasskeySecondFactorAction, finishPasskeySecondFactorAction } from "@/server/passkeys/actions";
import { ceremonyErrorMessage } from "./ceremony-error";
import { useWebAuthnSupport } from "./use-webauthn-support";

/**
 * The second-factor step with a passkey: for the pending sign-in in this browser's cookie, one
 * of that person's passkeys confirms it is them; the session then starts and the browser goes on.
 */
export function PasskeySecondFactor() {
  const supported = useWebAuthnSupport();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  if (!supported) return null;

  async function confirm() {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const begun = await beginPasskeySecondFactorAction();
      if (!begun.ok) return setError(begun.error);
      let response;
      try {
        response = await startAuthentication({ optionsJSON: begun.value });
      } catch (ceremonyError) {
        return setError(ceremonyErrorMessage(ceremonyError, "authenticate"));
      }
      const finished = await finishPasskeySecondFactorAction(response);
      if (!finished.ok) return setError(finished.error);
      window.location.assign(finished.value.next);
    } catch {
      setError("Atrium could not be reached. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-3">
      {error ? <Alert variant="error">{error}</Alert> : null}
      <Button variant="outline" className="w-full" loading={pending} onClick={confirm}>
        Use a passkey
      </Button>
    </div>
  );
}
