"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { beginPasskeySignInAction, finishPasskeySignInAction } from "@/server/passkeys/actions";
import { ceremonyErrorMessage } from "./ceremony-error";
import { useWebAuthnSupport } from "./use-webauthn-support";

/**
 * "Sign in with a passkey": no email typed, the browser offers this site's passkeys. A passkey
 * that verified its user is both factors, so the session starts and the browser goes to `next`.
 */
export function PasskeySignIn({ next }: { next?: string }) {
  const supported = useWebAuthnSupport();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  if (!supported) return null;

  async function signIn() {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const begun = await beginPasskeySignInAction();
      if (!begun.ok) return setError(begun.error);
      let response;
      try {
        response = await startAuthentication({ optionsJSON: begun.value });
      } catch (ceremonyError) {
        return setError(ceremonyErrorMessage(ceremonyError, "authenticate"));
      }
      const finished = await finishPasskeySignInAction(response, next);
      if (!finished.ok) return setError(finished.error);
      // A full navigation: `next` may be a route handler that sends the browser to another host.
      window.location.assign(finished.value.next);
    } catch {
      setError("Atrium could not be reached. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="mt-4 space-y-3">
      <div className="flex items-center gap-3 text-xs text-muted-foreground" aria-hidden="true">
        <span className="h-px flex-1 bg-border" /> or <span className="h-px flex-1 bg-border" />
      </div>
      {error ? <Alert variant="error">{error}</Alert> : null}
      <Button variant="outline" className="w-full" loading={pending} onClick={signIn}>
        Sign in with a passkey
      </Button>
    </div>
  );
}
