"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { QueryReader } from "@/components/marketing/query-reader";
import { PasskeySignIn } from "@/components/passkeys/passkey-sign-in";
import { apexNext } from "@/lib/safe-redirect";
import { useSessionState } from "./use-session-state";
import { OAuthSignIn } from "./oauth-sign-in";
import { SignInForm } from "./sign-in-form";
import { MagicLinkRequest } from "@/components/accounts/magic-link-request";
import { SsoSignIn } from "./sso-sign-in";

function noticeFor(query: URLSearchParams | null): "noticeHandoff" | "noticeSignedOut" | undefined {
  if (query?.get("error") === "handoff") return "noticeHandoff";
  if (query?.has("signedOut")) return "noticeSignedOut";
  return undefined;
}

/** The apex sign-in form (a prerendered page): `next` and the notice come from the query, read on the client. */
export function ApexSignIn() {
  const t = useTranslations("AuthSignIn");
  const [query, setQuery] = useState<URLSearchParams | null>(null);
  const session = useSessionState();
  const next = apexNext(query?.get("next") ?? undefined);
  // Already signed in: straight on. A full navigation, as the server's redirect was: `next` may
  // be a route handler (/auth/continue) that sends the browser to another host.
  const signedIn = session.status === "signed-in";
  useEffect(() => {
    if (signedIn && query) window.location.replace(next);
  }, [signedIn, query, next]);
  const notice = noticeFor(query);
  return (
    <>
      <QueryReader onRead={setQuery} />
      <SignInForm next={next} notice={notice ? t(notice) : undefined} />
      <MagicLinkRequest next={next} />
      <OAuthSignIn next={next} />
      <PasskeySignIn next={next} />
      <SsoSignIn errorCode={query?.get("sso_error")} />
    </>
  );
}
