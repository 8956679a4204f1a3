"use client";

import { startRegistration } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError, FieldHint, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { beginPasskeyRegistrationAction, finishPasskeyRegistrationAction } from "@/server/passkeys/actions";
import { ceremonyErrorMessage } from "./ceremony-error";

type Problem = { error?: string; fieldErrors?: Record<string, string[] | undefined> };

/** Names a new passkey, asks for the password again, then runs the browser's passkey prompt. */
export function AddPasskeyForm({ suggestedName }: { suggestedName: string }) {
  const router = useRouter();
  const [name, setName] = useState(suggestedName);
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<Problem>({});
  const [added, setAdded] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setProblem({});
    setAdded(null);
    try {
      if (!name.trim()) return setProblem({ fieldErrors: { name: ["Name your passkey."] } });
      const begun = await beginPasskeyRegistrationAction(password);
      if (!begun.ok) return setProblem(begun);
      let response;
      try {
        response = await startRegistration({ optionsJSON: begun.value });
      } catch (error) {
        return setProblem({ error: ceremonyErrorMessage(error, "register") });
      }
      const finished = await finishPasskeyRegistrationAction(name, response);
      if (!finished.ok) return setProblem(finished);
      setAdded(name.trim());
      setPassword("");
      router.refresh();
    } catch {
      setProblem({ error: "Atrium could not be reached. Check your connection and try again." });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate aria-label="Add a passkey">
      {added ? <Alert variant="success">Passkey “{added}” added. You can now sign in with it.</Alert> : null}
      {problem.error && !problem.fieldErrors ? <Alert variant="error">{problem.error}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-1.5">
          <Label htmlFor="passkey-name">Passkey name</Label>
          <Input id="passkey-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={60} autoComplete="off" aria-invalid={!!problem.fieldErrors?.name} />
          <FieldHint>For example the device it lives on.</FieldHint>
          <FieldError>{problem.fieldErrors?.name?.[0]}</FieldError>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="passkey-password">Current password</Label>
          <Input
            id="passkey-password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            aria-invalid={!!problem.fieldErrors?.password}
          />
          <FieldError>{problem.fieldErrors?.password?.[0]}</FieldError>
        </div>
      </div>
      <Button type="submit" loading={pending}>
        Add a passkey
      </Button>
    </form>
  );
}
