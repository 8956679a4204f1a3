"use server";

import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { revalidatePath } from "next/cache";
import { cookies, headers } from "next/headers";
import { apexNext, safeRedirectPath } from "../../lib/safe-redirect";
import type { FormState } from "../auth/actions";
import { getSessionUser } from "../auth/current-user";
import { consumeOneTimeToken } from "../auth/one-time-tokens";
import { pendingSignInCookieName } from "../auth/second-factor";
import { findPendingSignIn } from "../two-factor/pending-sign-in";
import { startSession } from "../auth/sign-in-flow";
import { env } from "../env";
import { AppError, formatWait, isAppError } from "../errors";
import { parseHost } from "../hosts/parse-host";
import { requestHost, requestMetaFromHeaders } from "../http/request-meta";
import { checkRateLimit } from "../rate-limit/gcra";
import { beginPasskeyAuthentication } from "./begin-passkey-authentication";
import { beginPasskeyRegistration } from "./begin-passkey-registration";
import { EXPIRED_MESSAGE } from "./challenges";
import { finishPasskeyRegistration } from "./finish-passkey-registration";
import { CHALLENGE_TTL_SECONDS } from "./relying-party";
import { removePasskey } from "./remove-passkey";
import { renamePasskey } from "./rename-passkey";
import { verifyPasskeyForPendingSignIn, verifyPasskeySignIn } from "./verify-passkey-assertion";
import { addressBucket } from "../rate-limit/address-bucket";

// Passkey ceremonies run in the browser between two calls: "begin" returns the options for
// navigator.credentials, "finish" verifies what the authenticator answered. Every refusal comes
// back as { ok: false, error } (a message to show), never as a thrown 500.

export type PasskeyResult<T> = { ok: true; value: T } | { ok: false; error: string; fieldErrors?: Record<string, string[] | undefined> };

/** Sign-in challenges are bound to the browser that asked for them through this cookie. */
const CHALLENGE_COOKIE = "atrium-passkey-challenge";

function refusal(error: unknown): { ok: false; error: string; fieldErrors?: Record<string, string[]> } {
  if (isAppError(error)) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
  throw error;
}

async function apexOnly(): Promise<Headers> {
  const requestHeaders = await headers();
  if (parseHost(requestHost(requestHeaders), env.ROOT_DOMAIN).kind !== "apex") throw new AppError("NOT_FOUND", "Passkeys are used on the main Atrium site.");
  return requestHeaders;
}

async function signedInUser() {
  await apexOnly();
  const user = await getSessionUser();
  if (!user) throw new AppError("UNAUTHORIZED", "Your session has ended. Please sign in again.");
  return user;
}

export async function beginPasskeyRegistrationAction(password: unknown): Promise<PasskeyResult<PublicKeyCredentialCreationOptionsJSON>> {
  try {
    const user = await signedInUser();
    const ip = requestMetaFromHeaders(await headers()).ip;
    return { ok: true, value: await beginPasskeyRegistration({ userId: user.id, password: typeof password === "string" ? password : "", ip }) };
  } catch (error) {
    return refusal(error);
  }
}

export async function finishPasskeyRegistrationAction(name: unknown, response: unknown): Promise<PasskeyResult<{ id: string }>> {
  try {
    const user = await signedInUser();
    const passkey = await finishPasskeyRegistration({ userId: user.id, name, response, sessionId: user.sessionId ?? null });
    revalidatePath("/account");
    return { ok: true, value: { id: passkey.id } };
  } catch (error) {
    return refusal(error);
  }
}

export async function renamePasskeyAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const name = String(formData.get("name") ?? "");
  try {
    const user = await signedInUser();
    await renamePasskey({ userId: user.id, passkeyId: formData.get("passkeyId"), name });
  } catch (error) {
    return { ...refusal(error), values: { name } };
  }
  revalidatePath("/account");
  return { values: { name: name.trim() } };
}

export async function removePasskeyAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const user = await signedInUser();
    const ip = requestMetaFromHeaders(await headers()).ip;
    await removePasskey({ userId: user.id, passkeyId: formData.get("passkeyId"), password: String(formData.get("password") ?? ""), ip, sessionId: user.sessionId ?? null });
  } catch (error) {
    return refusal(error);
  }
  revalidatePath("/account");
  return {};
}

/** Anyone may ask for a sign-in challenge, so each one costs a row: limited per network. */
async function throttleChallenges(requestHeaders: Headers): Promise<void> {
  const ip = addressBucket(requestMetaFromHeaders(requestHeaders).ip);
  const limit = await checkRateLimit(`passkey-challenge:ip:${ip}`, { name: "passkey-challenge", limit: 60, periodSeconds: 600 });
  if (!limit.allowed) throw new AppError("TOO_MANY_REQUESTS", `Too many passkey attempts from your network. Try again in ${formatWait(limit.retryAfterSeconds)}.`);
}

async function setChallengeCookie(name: string, challenge: string): Promise<void> {
  (await cookies()).set(name, challenge, { httpOnly: true, sameSite: "strict", secure: env.PUBLIC_PROTOCOL === "https", path: "/", maxAge: CHALLENGE_TTL_SECONDS });
}

export async function beginPasskeySignInAction(): Promise<PasskeyResult<PublicKeyCredentialRequestOptionsJSON>> {
  try {
    await throttleChallenges(await apexOnly());
    const { options, challenge } = await beginPasskeyAuthentication({ kind: "sign_in" });
    await setChallengeCookie(CHALLENGE_COOKIE, challenge);
    return { ok: true, value: options };
  } catch (error) {
    return refusal(error);
  }
}

/** A verified passkey sign-in counts as both factors: the session starts here. Returns where to go. */
export async function finishPasskeySignInAction(response: unknown, next: unknown): Promise<PasskeyResult<{ next: string }>> {
  try {
    await apexOnly();
    const jar = await cookies();
    const browserChallenge = jar.get(CHALLENGE_COOKIE)?.value ?? "";
    jar.delete(CHALLENGE_COOKIE);
    const userId = await verifyPasskeySignIn({ response, browserChallenge });
    await startSession(userId);
    return { ok: true, value: { next: apexNext(next) } };
  } catch (error) {
    return refusal(error);
  }
}

async function pendingSignIn() {
  const requestHeaders = await apexOnly();
  const token = (await cookies()).get(pendingSignInCookieName())?.value ?? "";
  // The same pending sign-in as the code form's (server/two-factor/pending-sign-in.ts): this
  // browser's cookie, started on this host.
  const pending = token ? await findPendingSignIn(token, requestHost(requestHeaders)) : null;
  if (!pending) throw new AppError("BAD_REQUEST", "This sign-in has expired. Please sign in again.", { reason: "pending_sign_in_expired" });
  return { token, userId: pending.userId };
}

export async function beginPasskeySecondFactorAction(): Promise<PasskeyResult<PublicKeyCredentialRequestOptionsJSON>> {
  try {
    const { userId } = await pendingSignIn();
    await throttleChallenges(await headers());
    return { ok: true, value: (await beginPasskeyAuthentication({ kind: "second_factor", userId })).options };
  } catch (error) {
    return refusal(error);
  }
}

/** Completes a pending sign-in with one of that person's passkeys. Returns where to go. */
export async function finishPasskeySecondFactorAction(response: unknown): Promise<PasskeyResult<{ next: string }>> {
  try {
    const { token, userId } = await pendingSignIn();
    await verifyPasskeyForPendingSignIn(userId, response);
    // The pending sign-in is used once: a second tab or a double click finds it spent.
    const pending = await consumeOneTimeToken("second_factor", token);
    if (!pending || pending.userId !== userId) throw new AppError("BAD_REQUEST", EXPIRED_MESSAGE);
    (await cookies()).delete(pendingSignInCookieName());
    await startSession(userId);
    // The pending step's own `next` (as the code form: an SSO continuation is a valid one).
    return { ok: true, value: { next: safeRedirectPath(pending.data.next, "/workspaces") } };
  } catch (error) {
    return refusal(error);
  }
}
