"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { deleteAccountAction } from "@/server/users/actions";
import type { FormState } from "@/server/auth/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

export function DeleteAccountForm({ blockedBy, workspaceCount }: { blockedBy: { slug: string; name: string }[]; workspaceCount: number }) {
  const t = useTranslations("AccountDelete");
  const [state, action, pending] = useActionState<FormState, FormData>(deleteAccountAction, {});
  const [confirm, setConfirm] = useState(state.values?.confirm ?? "");
  const blocked = blockedBy.length > 0;
  return (
    <Card className="border-destructive/50">
      <form action={action} noValidate>
        <CardHeader>
          <CardTitle>{t("title")}</CardTitle>
          <CardDescription>{t("description", { count: workspaceCount })}</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {blocked ? (
            <Alert variant="warning" title={t("soleOwnerTitle")}>
              {t.rich("soleOwner", { workspaces: blockedBy.map((w) => w.name).join(", "), strong: (chunks) => <strong>{chunks}</strong> })}
            </Alert>
          ) : null}
          {state.error ? <Alert variant="error">{state.error}</Alert> : null}
          <div className="space-y-1.5">
            <Label htmlFor="delete-password">{t("password")}</Label>
            <Input id="delete-password" name="password" type="password" autoComplete="current-password" disabled={blocked} aria-invalid={!!state.fieldErrors?.password} />
            <FieldError>{state.fieldErrors?.password?.[0]}</FieldError>
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="delete-confirm">{t.rich("confirm", { code: (chunks) => <code className="font-mono">{chunks}</code> })}</Label>
            <Input id="delete-confirm" name="confirm" autoComplete="off" value={confirm} onChange={(e) => setConfirm(e.target.value)} disabled={blocked} aria-invalid={!!state.fieldErrors?.confirm} />
            <FieldError>{state.fieldErrors?.confirm?.[0]}</FieldError>
          </div>
        </CardContent>
        <CardFooter>
          <Button type="submit" variant="destructive" loading={pending} disabled={blocked || confirm.trim().toUpperCase() !== "DELETE"}>
            {t("submit")}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
