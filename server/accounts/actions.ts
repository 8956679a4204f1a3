"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { FormState } from "../auth/actions";
import { getSessionUser } from "../auth/current-user";
import { afterFirstFactor, startSession } from "../auth/sign-in-flow";
import { isAppError } from "../errors";
import { requestMetaFromHeaders } from "../http/request-meta";
import { cancelEmailChange, confirmEmailChange, requestEmailChange } from "./email-change";
import { resendVerificationEmail } from "./email-verification";
import { redeemMagicLink, requestMagicLink } from "./magic-link";
import { requestPasswordReset, resetPassword } from "./password-reset";

// Server actions for account recovery and verification (apex pages). Each turns the domain
// function's AppError into form state; nothing here decides a rule.

export type AccountFormState = FormState & { done?: string };

function failed(error: unknown, values: Record<string, string>): AccountFormState {
  if (!isAppError(error)) throw error;
  return error.fieldErrors ? { fieldErrors: error.fieldErrors, values } : { error: error.message, values };
}

async function meta() {
  return requestMetaFromHeaders(await headers());
}

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
};

const SENT_IF_ACCOUNT = "If an account uses that address, we have sent it an email. It can take a minute to arrive; check your spam folder too.";

export async function forgotPasswordAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const email = text(formData, "email");
  try {
    await requestPasswordReset({ email, ip: (await meta()).ip });
  } catch (error) {
    return failed(error, { email: email.slice(0, 254) });
  }
  return { done: SENT_IF_ACCOUNT, values: { email: email.slice(0, 254) } };
}

export async function resetPasswordAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  let userId: string;
  try {
    ({ userId } = await resetPassword({ token: text(formData, "token"), password: text(formData, "password"), meta: await meta() }));
  } catch (error) {
    return failed(error, {});
  }
  // Signed in on this device, unless a second factor is still to be asked.
  redirect(await afterFirstFactor(userId, "/workspaces"));
}

export async function requestMagicLinkAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const email = text(formData, "email");
  try {
    await requestMagicLink({ email, ip: (await meta()).ip, next: formData.get("next") });
  } catch (error) {
    return failed(error, { email: email.slice(0, 254) });
  }
  return { done: SENT_IF_ACCOUNT, values: { email: email.slice(0, 254) } };
}

export async function magicLinkSignInAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  let target: { userId: string; next: string };
  try {
    target = await redeemMagicLink(text(formData, "token"));
  } catch (error) {
    return failed(error, {});
  }
  redirect(await afterFirstFactor(target.userId, target.next));
}

export async function resendVerificationAction(): Promise<AccountFormState> {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in?next=/workspaces");
  try {
    const outcome = await resendVerificationEmail({ userId: user.id, ip: (await meta()).ip });
    return { done: outcome === "sent" ? "We sent a new link. It can take a minute to arrive." : "Your address is already confirmed. Reload the page." };
  } catch (error) {
    return failed(error, {});
  }
}

export async function requestEmailChangeAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in?next=/account");
  const email = text(formData, "email");
  try {
    const { sentTo } = await requestEmailChange({ userId: user.id, newEmail: email, password: text(formData, "password"), ip: (await meta()).ip });
    return { done: `We sent a link to ${sentTo}. Your address changes when you open it; until then you keep using your current one.` };
  } catch (error) {
    return failed(error, { email: email.slice(0, 254) });
  }
}

/** Withdraws the requested address change (its link stops working). */
export async function cancelEmailChangeAction(): Promise<void> {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in?next=/account");
  await cancelEmailChange(user.id);
  redirect("/account?emailChangeCancelled=1");
}

export async function confirmEmailChangeAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const signedIn = await getSessionUser();
  let changed: { userId: string; to: string };
  try {
    changed = await confirmEmailChange({ token: text(formData, "token"), meta: await meta() });
  } catch (error) {
    return failed(error, {});
  }
  // Every session ended with the change; the one confirming it here carries on with the new address.
  if (signedIn?.id === changed.userId) {
    await startSession(changed.userId);
    redirect("/account?emailChanged=1");
  }
  return { done: `Your address is now ${changed.to}. Sign in with it from now on.` };
}
