"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import QRCode from "qrcode";
import { safeRedirectPath } from "../../lib/safe-redirect";
import { unstorableTextProblem } from "../../lib/text";
import type { FormState } from "../auth/actions";
import { getSessionUser } from "../auth/current-user";
import { pendingSignInCookieName } from "../auth/second-factor";
import { startSession } from "../auth/sign-in-flow";
import { resolveLanding } from "../auth/sign-in-landing";
import { formatWait, isAppError } from "../errors";
import { requestHost, requestMetaFromHeaders } from "../http/request-meta";
import { disableTotp } from "./disable-totp";
import { confirmTotpEnrolment, startTotpEnrolment } from "./enrol-totp";
import { completePendingSignIn } from "./pending-sign-in";

export type EnrolmentState = FormState & { secret?: string; uri?: string; qrDataUrl?: string; recoveryCodes?: string[] };

function fromError(error: unknown, values?: Record<string, string>): FormState {
  if (isAppError(error)) return error.fieldErrors ? { fieldErrors: error.fieldErrors, error: error.message, values } : { error: error.message, values };
  throw error;
}

async function signedInUser() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in?next=/account");
  return user;
}

/** Setting up an authenticator: `intent` start (a new secret and its QR code) or confirm (a code from the app). */
export async function totpEnrolmentAction(prev: EnrolmentState, formData: FormData): Promise<EnrolmentState> {
  return formData.get("intent") === "confirm" ? confirmEnrolment(prev, formData) : startEnrolment(formData);
}

/** A new secret, its otpauth:// URI and the QR code of it, drawn here (no outside service sees the secret). */
async function startEnrolment(formData: FormData): Promise<EnrolmentState> {
  const user = await signedInUser();
  try {
    const { ip } = requestMetaFromHeaders(await headers());
    const { secret, uri } = await startTotpEnrolment({ userId: user.id, password: String(formData.get("password") ?? ""), ip });
    const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    return { secret, uri, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
  } catch (error) {
    return fromError(error);
  }
}

async function confirmEnrolment(prev: EnrolmentState, formData: FormData): Promise<EnrolmentState> {
  const user = await signedInUser();
  const code = String(formData.get("code") ?? "");
  try {
    const recoveryCodes = await confirmTotpEnrolment({ userId: user.id, code, sessionId: user.sessionId ?? null });
    return { recoveryCodes };
  } catch (error) {
    // Keep the QR code on screen so the person can try the next code.
    return { ...prev, recoveryCodes: undefined, ...fromError(error, { code }) };
  }
}

export async function disableTotpAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await signedInUser();
  const method = formData.get("method") === "recovery" ? "recovery" : "totp";
  const code = String(formData.get("code") ?? "");
  const values = { code, method };
  try {
    await disableTotp({ userId: user.id, password: String(formData.get("password") ?? ""), method, code, ip: requestMetaFromHeaders(await headers()).ip, sessionId: user.sessionId ?? null });
  } catch (error) {
    return fromError(error, values);
  }
  redirect("/account?twoFactor=off#two-factor");
}

/** The second step of signing in: a code (or a recovery code) for the pending sign-in in this browser's cookie. */
export async function secondFactorSignInAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const method = formData.get("method") === "recovery" ? "recovery" : "totp";
  const code = String(formData.get("code") ?? "");
  const values = { method };
  if (!code.trim()) return { error: method === "recovery" ? "Enter one of your recovery codes." : "Enter the 6-digit code from your app.", values };
  if (code.length > 64 || unstorableTextProblem(code)) return { error: "That code is not right.", values };
  const [jar, requestHeaders] = await Promise.all([cookies(), headers()]);
  const token = jar.get(pendingSignInCookieName())?.value ?? "";
  const result = await completePendingSignIn({ token, host: requestHost(requestHeaders), method, code, ip: requestMetaFromHeaders(requestHeaders).ip });
  switch (result.status) {
    case "wrong_code":
      return { error: method === "recovery" ? "That recovery code is not right or was already used." : "That code is not right. Enter the newest code from your app.", values };
    // Both end the pending sign-in: the page offers to sign in again.
    case "throttled":
      jar.delete(pendingSignInCookieName());
      return { error: `Too many wrong codes. Sign in again in ${formatWait(result.retryAfterSeconds)}.`, values: { ...values, ended: "1" } };
    case "expired":
      jar.delete(pendingSignInCookieName());
      return { error: "This sign-in has expired or was already finished. Please sign in again.", values: { ...values, ended: "1" } };
    case "signed_in":
      jar.delete(pendingSignInCookieName());
      await startSession(result.userId);
      redirect(await resolveLanding(result.userId, safeRedirectPath(result.next, "/")));
  }
}
