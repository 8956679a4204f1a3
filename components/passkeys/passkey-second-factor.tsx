"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { beginPasskeySecondFactorAction, finishPasskeySecondFactorAction } from "@/server/passkeys/actions";
import { usePasskeyAuthentication } from "./use-passkey-authentication";
import { useWebAuthnSupport } from "./use-webauthn-support";
import { usePromptWords } from "./use-prompt-words";

/**
 * The second-factor step with a passkey: for the pending sign-in in this browser's cookie, one
 * of that person's passkeys confirms it is them; the session then starts and the browser goes on.
 */
export function PasskeySecondFactor() {
  const supported = useWebAuthnSupport();
  const words = usePromptWords();
  const { error, pending, run } = usePasskeyAuthentication(beginPasskeySecondFactorAction, finishPasskeySecondFactorAction);
  if (!supported) return null;

  return (
    <div className="space-y-3">
      {error ? <Alert variant="error">{error}</Alert> : null}
      <Button variant="outline" className="w-full" loading={pending} onClick={run}>
        {words("secondFactor")}
      </Button>
    </div>
  );
}
