"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, FieldHint } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";

type Owner = { id: string; name: string; email: string };

const selectClass = "h-10 w-full rounded-md border border-border bg-background px-3 text-base sm:text-sm disabled:opacity-50";

export function SsoEnforcementForm(props: { enforced: boolean; breakGlassUserId: string | null; owners: Owner[]; hasConnection: boolean; disabled: boolean }) {
  const t = useTranslations("WorkspaceSso.enforcement");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [enforced, setEnforced] = useState(props.enforced);
  const [breakGlass, setBreakGlass] = useState(props.breakGlassUserId ?? "");
  const save = useMutation(
    trpc.sso.setEnforcement.mutationOptions({
      onSuccess: (_r, input) => {
        toast({ title: input.enforced ? t("required") : t("optional"), variant: "success" });
        void queryClient.invalidateQueries({ queryKey: trpc.sso.get.queryKey() });
      },
    }),
  );
  const error = save.error ? toClientError(save.error) : null;
  const disabled = props.disabled || !props.hasConnection;
  return (
    <Card>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ enforced, breakGlassUserId: breakGlass || null });
        }}
      >
        <CardHeader>
          <CardTitle>{t("title")}</CardTitle>
          <CardDescription>{t("description")}</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={enforced} onChange={(e) => setEnforced(e.target.checked)} disabled={disabled} className="size-4" />
            {t("checkbox")}
          </label>
          <div className="space-y-1.5">
            <Label htmlFor="sso-break-glass">{t("breakGlass")}</Label>
            <select id="sso-break-glass" className={selectClass} value={breakGlass} onChange={(e) => setBreakGlass(e.target.value)} disabled={disabled} aria-describedby="sso-break-glass-hint sso-break-glass-error">
              <option value="">{t("chooseOwner")}</option>
              {props.owners.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} ({o.email})
                </option>
              ))}
            </select>
            <FieldHint id="sso-break-glass-hint">{t("breakGlassHint")}</FieldHint>
            <FieldError id="sso-break-glass-error">{error ? (error.fieldErrors.breakGlassUserId?.[0] ?? error.message) : null}</FieldError>
          </div>
          {!props.hasConnection ? <FieldHint>{t("needsConnection")}</FieldHint> : null}
        </CardContent>
        <CardFooter>
          <Button type="submit" loading={save.isPending} disabled={disabled}>
            {t("save")}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
