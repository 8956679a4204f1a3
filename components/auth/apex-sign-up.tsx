"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { QueryReader } from "@/components/marketing/query-reader";
import { apexNext } from "@/lib/safe-redirect";
import { AuthCard } from "./auth-card";
import { OAuthSignIn } from "./oauth-sign-in";
import { SignUpForm } from "./sign-up-form";
import { useSessionState } from "./use-session-state";

/**
 * The apex sign-up form (a prerendered page). Arriving from an invitation (`?next=/invite/…&email=…`)
 * is read from the query on the client: the email is filled in and sign-up leads back to it.
 */
export function ApexSignUp() {
  const t = useTranslations("AuthSignUp");
  const [query, setQuery] = useState<URLSearchParams | null>(null);
  const session = useSessionState();
  const next = apexNext(query?.get("next") ?? undefined);
  const invited = next.startsWith("/invite/");
  const signedIn = session.status === "signed-in";
  useEffect(() => {
    if (signedIn && query) window.location.replace(invited ? next : "/new");
  }, [signedIn, query, invited, next]);
  return (
    <AuthCard title={t("title")} description={invited ? t("descriptionInvited") : t("description")}>
      <QueryReader onRead={setQuery} />
      <SignUpForm next={invited ? next : undefined} email={invited ? (query?.get("email") ?? undefined) : undefined} />
      <OAuthSignIn next={invited ? next : "/new"} />
    </AuthCard>
  );
}
