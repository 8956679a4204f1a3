"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { useToast } from "@/components/ui/toast";

/** Settings → Security: the owners' switch that makes a second factor mandatory for every member. */
export function RequireTwoFactorSetting({ required, accountUrl }: { required: boolean; accountUrl: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { toast } = useToast();
  const change = useMutation(
    trpc.security.setRequireTwoFactor.mutationOptions({
      onSuccess: (result) => {
        toast({
          title: result.required ? "Two-factor authentication required" : "Two-factor authentication optional",
          description: result.required ? "Members without it are asked to set it up before they can continue." : "Members may sign in with a password alone.",
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
        <CardTitle>Require two-factor authentication</CardTitle>
        <CardDescription>
          {required
            ? "On: every member needs a second factor (an authenticator app or a passkey). Members without one are sent to set it up before they can open this workspace."
            : "Off: members choose for themselves. When on, members without a second factor must set one up before they can open this workspace."}
        </CardDescription>
      </CardHeader>
      {error ? (
        <CardContent>
          <Alert variant="error">
            {error.message}{" "}
            <a href={accountUrl} className="font-medium underline underline-offset-4">
              Open your account
            </a>
          </Alert>
        </CardContent>
      ) : null}
      <CardFooter>
        <Button type="button" variant={required ? "outline" : "primary"} loading={change.isPending} onClick={() => change.mutate({ required: !required })}>
          {required ? "Make it optional" : "Require for all members"}
        </Button>
      </CardFooter>
    </Card>
  );
}
