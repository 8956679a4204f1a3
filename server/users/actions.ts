"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { isAppError } from "../errors";
import { requestMetaFromHeaders } from "../http/request-meta";
import { deleteAccount } from "./account";
import { changePassword } from "../accounts/password-change";
import type { FormState } from "../auth/actions";
import { signOut } from "../auth/config";
import { getSessionUser } from "../auth/current-user";

/** Deletes the signed-in account (password and "DELETE" typed again), then signs out everywhere. */
export async function deleteAccountAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in?next=/account");
  const confirm = String(formData.get("confirm") ?? "");
  try {
    await deleteAccount({ userId: user.id, email: user.email, password: String(formData.get("password") ?? ""), confirm, meta: requestMetaFromHeaders(await headers()) });
  } catch (error) {
    if (isAppError(error)) return error.fieldErrors ? { fieldErrors: error.fieldErrors, values: { confirm } } : { error: error.message, values: { confirm } };
    throw error;
  }
  // The user row is gone, so every other session fails its next check too.
  await signOut({ redirect: false });
  redirect("/?accountDeleted=1");
}

export type ChangePasswordState = FormState & { changed?: { endedSessions: number } };

/** Changes the signed-in person's password (the current one typed again); other sign-ins end. */
export async function changePasswordAction(_prev: ChangePasswordState, formData: FormData): Promise<ChangePasswordState> {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in?next=/account");
  try {
    const result = await changePassword({
      userId: user.id,
      sessionId: user.sessionId ?? null,
      currentPassword: String(formData.get("password") ?? ""),
      newPassword: String(formData.get("newPassword") ?? ""),
      meta: requestMetaFromHeaders(await headers()),
    });
    if (!result.signedOut) return { changed: { endedSessions: result.endedSessions } };
  } catch (error) {
    if (isAppError(error)) return error.fieldErrors ? { fieldErrors: error.fieldErrors } : { error: error.message };
    throw error;
  }
  // Every sign-in ended, this one too (it had no record of its own to keep): sign in with the new password.
  await signOut({ redirect: false });
  redirect("/sign-in?next=/account");
}
