"use client";

import { startAuthentication, type AuthenticationResponseJSON, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useState } from "react";
import type { PasskeyResult } from "@/server/passkeys/actions";
import { ceremonyProblem } from "./ceremony-error";
import { usePromptWords } from "./use-prompt-words";

/**
 * One passkey authentication: ask the server for a challenge, let the browser's authenticator
 * answer it, have the server check the answer, then go where the server says (a full
 * navigation: the address may be a route handler that sends the browser to another host).
 * Every refusal becomes a message; a double click does not start a second ceremony.
 */
export function usePasskeyAuthentication(
  begin: () => Promise<PasskeyResult<PublicKeyCredentialRequestOptionsJSON>>,
  finish: (response: AuthenticationResponseJSON) => Promise<PasskeyResult<{ next: string }>>,
) {
  const words = usePromptWords();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function run() {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const begun = await begin();
      if (!begun.ok) return setError(begun.error);
      let response;
      try {
        response = await startAuthentication({ optionsJSON: begun.value });
      } catch (ceremonyError) {
        return setError(words(ceremonyProblem(ceremonyError, "authenticate")));
      }
      const finished = await finish(response);
      if (!finished.ok) return setError(finished.error);
      window.location.assign(finished.value.next);
    } catch {
      setError(words("unreachable"));
    } finally {
      setPending(false);
    }
  }

  return { error, pending, run };
}
