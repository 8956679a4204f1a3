"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { isAppError } from "../errors";
import { requestMetaFromHeaders } from "../http/request-meta";
import { deleteAccount } from "./account";
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
