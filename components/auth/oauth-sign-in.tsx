"use client";

import { useEffect, useState } from "react";
import { QueryReader } from "@/components/marketing/query-reader";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { oauthSignInAction } from "@/server/oauth/actions";

const PROVIDERS = [
  { id: "google", label: "Continue with Google" },
  { id: "github", label: "Continue with GitHub" },
] as const;

const MESSAGES: Record<string, string> = {
  oauth_no_verified_email: "That account has no verified email address. Verify one with the provider, or sign in with your email and password.",
  oauth_account_unverified: "An Atrium account with this email exists but its address is not verified yet. Sign in with your password instead.",
  oauth_other_identity: "Your Atrium account is already linked to a different account of this provider. Sign in with that one, or with your password.",
  oauth_profile: "The provider did not say who you are. Try again, or sign in with your email and password.",
  oauth_unavailable: "That way of signing in is not available here.",
  oauth_host: "Sign in with a provider on the main Atrium site.",
  OAuthCallbackError: "Signing in with the provider did not work. Try again.",
  OAuthSignin: "Signing in with the provider did not work. Try again.",
  AccessDenied: "Signing in with the provider was cancelled or refused.",
  Configuration: "Signing in with the provider did not work. Try again.",
};

/**
 * "Continue with Google / GitHub" on the apex sign-in and sign-up pages (prerendered): which
 * providers are configured is asked of Auth.js's /api/auth/providers after hydration, so the
 * buttons follow the server's variables, not the build's. Placed below the form, so their late
 * arrival moves nothing someone is typing into.
 */
export function OAuthSignIn({ next }: { next?: string }) {
  const [available, setAvailable] = useState<string[]>([]);
  const [query, setQuery] = useState<URLSearchParams | null>(null);
  useEffect(() => {
    let live = true;
    fetch("/api/auth/providers", { cache: "no-store" })
      .then((res) => (res.ok ? (res.json() as Promise<Record<string, { id: string }>>) : {}))
      .then((providers) => live && setAvailable(Object.keys(providers)))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, []);
  const error = query?.get("error");
  const message = error ? MESSAGES[error] : undefined;
  const shown = PROVIDERS.filter((p) => available.includes(p.id));
  return (
    <>
      <QueryReader onRead={setQuery} />
      {message ? (
        <Alert variant="error" className="mt-4">
          {message}
        </Alert>
      ) : null}
      {shown.length ? (
        <div className="mt-4 space-y-2">
          <p className="text-center text-xs uppercase tracking-wide text-muted-foreground">or</p>
          {shown.map((p) => (
            <form key={p.id} action={oauthSignInAction}>
              <input type="hidden" name="provider" value={p.id} />
              {next ? <input type="hidden" name="next" value={next} /> : null}
              <Button type="submit" variant="outline" className="w-full">
                {p.label}
              </Button>
            </form>
          ))}
        </div>
      ) : null}
    </>
  );
}
