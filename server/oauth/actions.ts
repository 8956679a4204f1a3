"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { apexNext } from "../../lib/safe-redirect";
import { signIn } from "../auth/config";
import { env } from "../env";
import { parseHost } from "../hosts/parse-host";
import { requestHost } from "../http/request-meta";

/** Starts signing in with GitHub or Google (apex only; workspace hosts get the usual hand-off afterwards). */
export async function oauthSignInAction(formData: FormData): Promise<void> {
  const provider = String(formData.get("provider") ?? "");
  const configured = provider === "github" ? Boolean(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) : provider === "google" ? Boolean(env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) : false;
  if (!configured || parseHost(requestHost(await headers()), env.ROOT_DOMAIN).kind !== "apex") redirect("/sign-in?error=oauth_unavailable");
  // Auth.js answers with a redirect to the provider.
  await signIn(provider, { redirectTo: apexNext(formData.get("next")) });
}
