"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { useToast } from "@/components/ui/toast";

/** Settings → Security: the owners' switch that makes a second factor mandatory for every member. */
export function RequireTwoFactorSetting({ required, accountUrl }: { required: boolean; accountUrl: string }) {
  const t = useTranslations("WorkspaceSecurity.twoFactor");
  const trpc = useTRPC();
  const router = useRouter();
  const { toast } = useToast();
  const change = useMutation(
    trpc.security.setRequireTwoFactor.mutationOptions({
      onSuccess: (result) => {
        toast({
          title: result.required ? t("requiredToast") : t("optionalToast"),
          description: result.required ? t("requiredToastDescription") : t("optionalToastDescription"),
          variant: "success",
        });
        router.refresh();
      },
    }),
  );
  const error = change.error ? toClientError(change.error) : null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{required ? t("onDescription") : t("offDescription")}</CardDescription>
      </CardHeader>
      {error ? (
        <CardContent>
          <Alert variant="error">
            {error.message}{" "}
            <a href={accountUrl} className="font-medium underline underline-offset-4">
              {t("openAccount")}
            </a>
          </Alert>
        </CardContent>
      ) : null}
      <CardFooter>
        <Button type="button" variant={required ? "outline" : "primary"} loading={change.isPending} onClick={() => change.mutate({ required: !required })}>
          {required ? t("makeOptional") : t("requireAll")}
        </Button>
      </CardFooter>
    </Card>
  );
}
