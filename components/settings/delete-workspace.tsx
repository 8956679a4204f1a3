"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

export function DeleteWorkspace({ slug, retentionDays }: { slug: string; retentionDays: number }) {
  const t = useTranslations("WorkspaceData.delete");
  const trpc = useTRPC();
  const [typed, setTyped] = useState("");
  const remove = useMutation(trpc.tenant.delete.mutationOptions({ onSuccess: ({ redirectUrl }) => window.location.replace(redirectUrl) }));
  const error = remove.error ? toClientError(remove.error) : null;
  return (
    <Card className="border-destructive/50">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          remove.mutate({ confirmSlug: typed });
        }}
      >
        <CardHeader>
          <CardTitle>{t("title")}</CardTitle>
          <CardDescription>{t("description", { days: retentionDays })}</CardDescription>
        </CardHeader>
        <CardContent className="space-y-1.5">
          <Label htmlFor="confirm-slug">
            {t.rich("confirmLabel", { slug, code: (chunks) => <code className="font-mono">{chunks}</code> })}
          </Label>
          <Input id="confirm-slug" value={typed} autoComplete="off" onChange={(e) => setTyped(e.target.value)} aria-invalid={!!error} />
          <FieldError>{error ? (error.fieldErrors.confirmSlug?.[0] ?? error.message) : null}</FieldError>
        </CardContent>
        <CardFooter>
          <Button type="submit" variant="destructive" loading={remove.isPending || remove.isSuccess} disabled={typed.trim().toLowerCase() !== slug}>
            {t("submit")}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
