"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";

export function RenameWorkspaceForm({ currentName }: { currentName: string }) {
  const t = useTranslations("WorkspaceSettings.rename");
  const trpc = useTRPC();
  const router = useRouter();
  const { toast } = useToast();
  // What was typed, until the saved name catches up with it: an untouched field shows the saved
  // name, fresh after a refresh (another tab's rename included), and a refresh never discards
  // what is being typed.
  const [draft, setName] = useState<string | null>(null);
  const [basis, setBasis] = useState(currentName);
  if (basis !== currentName) {
    setBasis(currentName);
    if (draft !== null && draft.trim() === currentName) setName(null);
  }
  const name = draft ?? currentName;
  const rename = useMutation(
    trpc.tenant.rename.mutationOptions({
      onSuccess: (result) => {
        toast({ title: t("renamed"), description: t("renamedDescription", { name: result.name }), variant: "success" });
        router.refresh();
      },
    }),
  );
  const error = rename.error ? toClientError(rename.error) : null;
  const unchanged = name.trim() === currentName;
  return (
    <Card>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          rename.mutate({ name });
        }}
      >
        <CardHeader>
          <CardTitle>{t("title")}</CardTitle>
          <CardDescription>{t("description")}</CardDescription>
        </CardHeader>
        <CardContent className="space-y-1.5">
          <Label htmlFor="workspace-name">{t("label")}</Label>
          <Input
            id="workspace-name"
            name="name"
            value={name}
            maxLength={64}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={!!error}
            aria-describedby="workspace-name-error"
          />
          <FieldError id="workspace-name-error">{error ? (error.fieldErrors.name?.[0] ?? error.message) : null}</FieldError>
        </CardContent>
        <CardFooter>
          <Button type="submit" loading={rename.isPending} disabled={unchanged}>
            {t("submit")}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
