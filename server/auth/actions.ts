"use server";

import { isLocale } from "../../lib/i18n/locales";
import { adoptLocaleAtSignIn, setLocaleCookie } from "../i18n/locale-cookie";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { canonicalTimeZone, isTimeZone } from "../../lib/time-zone";
import { unstorableTextProblem } from "../../lib/text";
import { sendVerificationEmail } from "../accounts/email-verification";
import { getDb } from "../db/client";
import { listUserWorkspaces } from "../db/cross-tenant";
import { env } from "../env";
import { AppError, formatWait, isAppError, isDatabaseUnavailable, unavailableError } from "../errors";
import { parseHost, type HostTarget } from "../hosts/parse-host";
import { getMembership } from "../members/get-membership";
import { resolveTenantByDomain, resolveTenantBySlug } from "../tenants/tenant-cache";
import { requestHost, requestMetaFromHeaders } from "../http/request-meta";
import { apexNext, safeRedirectPath } from "../../lib/safe-redirect";
import { checkRateLimit, refundRateLimit } from "../rate-limit/gcra";
import { authenticateUser, SignInThrottledError } from "../users/authenticate-user";
import { createUser } from "../users/create-user";
import { getUserById } from "../users/get-user";
import { acceptInvitationOnSignUp, invitationTokenIn } from "../members/accept-invitation-on-sign-up";
import { ZEmail, ZPassword, ZPersonName } from "../users/schemas";
import { signOut } from "./config";
import { getSessionUser } from "./current-user";
import { handoffUrl } from "./handoff-url";
import { bumpSessionVersion } from "./session-version";
import { revokeSession } from "../sessions/revoke-sessions";
import { hasSecondFactor } from "./second-factor";
import { afterFirstFactor, startSession } from "./sign-in-flow";
import { logger } from "../logger";
import { addressBucket } from "../rate-limit/address-bucket";

export type FormState = {
  error?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: Record<string, string>;
};

function signInFailureMessage(code: string): string {
  if (code.startsWith("throttled:")) {
    const seconds = Number(code.split(":")[1]) || 60;
    return `Too many failed sign-in attempts. Try again in ${formatWait(seconds)}.`;
  }
  return "Incorrect email or password.";
}

export async function signInAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const email = String(formData.get("email") ?? "");
  const password = String(formData.get("password") ?? "");
  const values = { email };
  if (!email || !password) return { error: "Enter your email and password.", values };
  const textProblem = unstorableTextProblem(email) ?? unstorableTextProblem(password);
  if (textProblem) return { error: `${unstorableTextProblem(email) ? "Email" : "Password"}: ${textProblem}`, values };
  const requestHeaders = await headers();
  let user;
  try {
    user = await authenticateUser({ email, password, ip: requestMetaFromHeaders(requestHeaders).ip });
  } catch (error) {
    if (error instanceof SignInThrottledError) return { error: signInFailureMessage(`throttled:${error.retryAfterSeconds ?? 60}`), values };
    throw error;
  }
  if (!user) return { error: signInFailureMessage("invalid"), values };
  // The person's own language, for this browser on this host (a hand-off carries it further).
  await adoptLocaleAtSignIn(user);
  const target = parseHost(requestHost(requestHeaders), env.ROOT_DOMAIN);
  const next = target.kind === "apex" ? apexNext(formData.get("next")) : await workspaceNext(target, user.id, safeRedirectPath(formData.get("next"), "/dashboard"));
  redirect(await afterFirstFactor(user.id, next));
}

/**
 * Where a sign-in on a workspace's own host goes: where it was asked to, unless that is the
 * dashboard and the person is no member of this workspace. The dashboard would only say "not
 * found"; the workspace's page says who is signed in and that they are not a member (what it
 * tells any signed-in visitor anyway).
 */
async function workspaceNext(target: HostTarget, userId: string, next: string): Promise<string> {
  if (next !== "/dashboard" && !next.startsWith("/dashboard/") && !next.startsWith("/dashboard?")) return next;
  const tenant = target.kind === "tenant" ? await resolveTenantBySlug(target.slug) : target.kind === "foreign" ? await resolveTenantByDomain(target.hostname) : null;
  if (!tenant) return next;
  return (await getMembership({ tenantId: tenant.id, userId })) ? next : "/";
}

const ZSignUp = z.object({ name: ZPersonName, email: ZEmail, password: ZPassword });

export async function signUpAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const raw = { name: String(formData.get("name") ?? ""), email: String(formData.get("email") ?? "") };
  const parsed = ZSignUp.safeParse({ ...raw, password: formData.get("password") ?? "" });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, values: raw };

  const meta = requestMetaFromHeaders(await headers());
  const signUpPolicy = { name: "sign-up", limit: env.SIGN_UPS_PER_HOUR, periodSeconds: 3600 };
  const limitKey = `sign-up:ip:${addressBucket(meta.ip)}`;
  const limit = await checkRateLimit(limitKey, signUpPolicy);
  if (!limit.allowed) {
    return { error: `Too many sign-ups from your network. Try again in ${formatWait(limit.retryAfterSeconds)}.`, values: raw };
  }
  let user;
  try {
    // The browser's time zone, sent by the form; one it does not know is simply not kept.
    const timeZone = formData.get("timeZone");
    // And the language of the page it was sent from (/de/sign-up: German).
    const locale = formData.get("locale");
    user = await createUser({ ...parsed.data, timeZone: isTimeZone(timeZone) ? canonicalTimeZone(timeZone) : null, locale: isLocale(locale) ? locale : null });
    // The pages after sign-up (check your email, a new workspace) continue in that language.
    if (isLocale(locale)) await setLocaleCookie(locale);
  } catch (error) {
    if (isAppError(error)) return error.fieldErrors ? { fieldErrors: error.fieldErrors, values: raw } : { error: error.message, values: raw };
    // No account was made (the database failed the request): the attempt does not count against
    // the network's allowance. (An address that has an account does count: it is an attempt.)
    if (isDatabaseUnavailable(error)) {
      await refundRateLimit(limitKey, signUpPolicy);
      return { error: unavailableError(error).message, values: raw };
    }
    throw error;
  }
  // Arriving from an invitation link: this POST joins the workspace (accepting proves the
  // address, so no verification email). If it cannot (revoked, expired, another address), back to
  // the invitation, which says why; otherwise the "check your email" page: a workspace can only
  // be created from a verified address.
  const next = apexNext(formData.get("next"));
  const invitationToken = invitationTokenIn(next);
  // The account exists now: a failure to join (the database away) must not leave it without a
  // session or a verification email; the invitation page then offers Join again.
  const joined = invitationToken
    ? await acceptInvitationOnSignUp({ token: invitationToken, userId: user.id, userEmail: user.email, meta }).catch((error: unknown) => {
        logger.error("sign-up: could not accept the invitation; the invitation page offers it again", { userId: user.id, error });
        return null;
      })
    : null;
  if (!joined?.joined) await getDb().transaction((tx) => sendVerificationEmail(tx, user));
  await startSession(user.id);
  if (joined?.joined) redirect(joined.viewable ? await handoffUrl(user.id, { kind: "tenant", slug: joined.tenantSlug }, "/dashboard") : "/workspaces");
  redirect(next.startsWith("/invite/") ? next : "/check-email");
}

export async function signOutAction(): Promise<void> {
  const user = await getSessionUser();
  // Ends this sign-in on every host it was carried to (its family), not the person's other
  // devices: "Sign out everywhere else" in Sessions is that. A token from before session records
  // (no id) can only be ended with all of them.
  if (user?.sessionId) {
    await revokeSession({ userId: user.id, sessionId: user.sessionId }).catch((error: unknown) => {
      // Already ended elsewhere (another tab signed out): nothing left to end.
      if (!(isAppError(error) && error.code === "NOT_FOUND")) throw error;
    });
  } else if (user) await bumpSessionVersion(user.id);
  await signOut({ redirect: false });
  const target = parseHost(requestHost(await headers()), env.ROOT_DOMAIN);
  redirect(target.kind === "tenant" ? "/sign-in?signedOut=1" : "/?signedOut=1");
}

export async function goToWorkspaceAction(formData: FormData): Promise<void> {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  const slug = String(formData.get("slug") ?? "");
  const workspaces = await listUserWorkspaces(user.id);
  if (!workspaces.some((w) => w.slug === slug)) throw new AppError("NOT_FOUND", "Workspace not found.");
  redirect(await handoffUrl(user.id, { kind: "tenant", slug }, safeRedirectPath(formData.get("next"), "/dashboard")));
}

export async function goToOperatorConsoleAction(): Promise<void> {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  if (!(await getUserById(user.id))?.operatorRole) throw new AppError("NOT_FOUND", "Not found.");
  // Operator accounts always need a second factor: set one up first (the account page says why).
  if (!(await hasSecondFactor(user.id))) redirect("/account#two-factor");
  redirect(await handoffUrl(user.id, { kind: "admin" }, "/"));
}
