"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { beginPasskeySignInAction, finishPasskeySignInAction } from "@/server/passkeys/actions";
import { usePasskeyAuthentication } from "./use-passkey-authentication";
import { useWebAuthnSupport } from "./use-webauthn-support";
import { usePromptWords } from "./use-prompt-words";

/**
 * "Sign in with a passkey": no email typed, the browser offers this site's passkeys. A passkey
 * that verified its user is both factors, so the session starts and the browser goes to `next`.
 */
export function PasskeySignIn({ next }: { next?: string }) {
  const supported = useWebAuthnSupport();
  const words = usePromptWords();
  const { error, pending, run } = usePasskeyAuthentication(beginPasskeySignInAction, (response) => finishPasskeySignInAction(response, next));
  if (!supported) return null;

  return (
    <div className="mt-4 space-y-3">
      <div className="flex items-center gap-3 text-xs text-muted-foreground" aria-hidden="true">
        <span className="h-px flex-1 bg-border" /> {words("or")} <span className="h-px flex-1 bg-border" />
      </div>
      {error ? <Alert variant="error">{error}</Alert> : null}
      <Button variant="outline" className="w-full" loading={pending} onClick={run}>
        {words("signIn")}
      </Button>
    </div>
  );
}
