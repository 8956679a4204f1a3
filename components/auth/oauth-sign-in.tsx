"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { QueryReader } from "@/components/marketing/query-reader";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { oauthSignInAction } from "@/server/oauth/actions";

const PROVIDERS = ["google", "github"] as const;

type ErrorKey = "noVerifiedEmail" | "accountUnverified" | "otherIdentity" | "profile" | "unavailable" | "host" | "failed" | "accessDenied";

/** The error codes in the query (ours and Auth.js's), as message keys (AuthOAuth.error.*). */
const MESSAGES: Record<string, ErrorKey> = {
  oauth_no_verified_email: "noVerifiedEmail",
  oauth_account_unverified: "accountUnverified",
  oauth_other_identity: "otherIdentity",
  oauth_profile: "profile",
  oauth_unavailable: "unavailable",
  oauth_host: "host",
  OAuthCallbackError: "failed",
  OAuthSignin: "failed",
  AccessDenied: "accessDenied",
  Configuration: "failed",
};

/**
 * "Continue with Google / GitHub" on the apex sign-in and sign-up pages (prerendered): which
 * providers are configured is asked of Auth.js's /api/auth/providers after hydration, so the
 * buttons follow the server's variables, not the build's. Placed below the form, so their late
 * arrival moves nothing someone is typing into.
 */
export function OAuthSignIn({ next }: { next?: string }) {
  const t = useTranslations("AuthOAuth");
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
  const messageKey = error && Object.hasOwn(MESSAGES, error) ? MESSAGES[error] : undefined;
  const message = messageKey ? t(`error.${messageKey}`) : undefined;
  const shown = PROVIDERS.filter((p) => available.includes(p));
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
          <p className="text-center text-xs uppercase tracking-wide text-muted-foreground">{t("or")}</p>
          {shown.map((p) => (
            <form key={p} action={oauthSignInAction}>
              <input type="hidden" name="provider" value={p} />
              {next ? <input type="hidden" name="next" value={next} /> : null}
              <Button type="submit" variant="outline" className="w-full">
                {t(p)}
              </Button>
            </form>
          ))}
        </div>
      ) : null}
    </>
  );
}
