"use client";

import { startRegistration } from "@simplewebauthn/browser";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError, FieldHint, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { beginPasskeyRegistrationAction, finishPasskeyRegistrationAction } from "@/server/passkeys/actions";
import { ceremonyProblem } from "./ceremony-error";
import { usePromptWords } from "./use-prompt-words";

type Problem = { error?: string; fieldErrors?: Record<string, string[] | undefined> };

/** Names a new passkey, asks for the password again, then runs the browser's passkey prompt. */
export function AddPasskeyForm({ suggestedName }: { suggestedName: string }) {
  const t = useTranslations("AccountPasskeys");
  const words = usePromptWords();
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
      if (!name.trim()) return setProblem({ fieldErrors: { name: [t("nameRequired")] } });
      const begun = await beginPasskeyRegistrationAction(password);
      if (!begun.ok) return setProblem(begun);
      let response;
      try {
        response = await startRegistration({ optionsJSON: begun.value });
      } catch (error) {
        return setProblem({ error: words(ceremonyProblem(error, "register")) });
      }
      const finished = await finishPasskeyRegistrationAction(name, response);
      if (!finished.ok) return setProblem(finished);
      setAdded(name.trim());
      setPassword("");
      router.refresh();
    } catch {
      setProblem({ error: words("unreachable") });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate aria-label={t("addLabel")}>
      {added ? <Alert variant="success">{t("addedNotice", { name: added })}</Alert> : null}
      {problem.error && !problem.fieldErrors ? <Alert variant="error">{problem.error}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-1.5">
          <Label htmlFor="passkey-name">{t("name")}</Label>
          <Input id="passkey-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={60} autoComplete="off" aria-invalid={!!problem.fieldErrors?.name} />
          <FieldHint>{t("nameHint")}</FieldHint>
          <FieldError>{problem.fieldErrors?.name?.[0]}</FieldError>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="passkey-password">{t("currentPassword")}</Label>
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
        {t("add")}
      </Button>
    </form>
  );
}
