"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { formatWait } from "../errors";
import { requestMetaFromHeaders } from "../http/request-meta";
import { checkRateLimit } from "../rate-limit/gcra";
import { ZEmail } from "../users/schemas";
import { SSO_ERROR_MESSAGES } from "../../lib/sso-errors";
import { ssoCookieName, ssoCookieOptions } from "./sso-cookie";
import { SsoSignInError } from "./sso-sign-in";
import { startSsoForEmail } from "./start-sso-for-workspace";
import { addressBucket } from "../rate-limit/address-bucket";

export type SsoStartState = { error?: string; values?: { email: string } };

/** Sign-in page: "Continue with single sign-on" sends the person to their workspace's identity provider. */
export async function startSsoSignInAction(_prev: SsoStartState, formData: FormData): Promise<SsoStartState> {
  const raw = String(formData.get("email") ?? "").slice(0, 300);
  const values = { email: raw };
  const parsed = ZEmail.safeParse(raw);
  if (!parsed.success) return { error: "Enter your work email address.", values };
  const meta = requestMetaFromHeaders(await headers());
  const limit = await checkRateLimit(`sso-start:ip:${addressBucket(meta.ip)}`, { name: "sso-start", limit: 30, periodSeconds: 300 });
  if (!limit.allowed) return { error: `Too many attempts. Try again in ${formatWait(limit.retryAfterSeconds)}.`, values };
  let began;
  try {
    began = await startSsoForEmail(parsed.data);
  } catch (error) {
    if (error instanceof SsoSignInError) return { error: SSO_ERROR_MESSAGES[error.code], values };
    throw error;
  }
  (await cookies()).set(ssoCookieName(), began.browserKey, ssoCookieOptions());
  redirect(began.authorizationUrl);
}
