import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { OperatorRole } from "../../lib/operator-roles";
import { safeRedirectPath } from "../../lib/safe-redirect";
import type { User } from "../db/schema";
import { env } from "../env";
import { originFor, parseHost } from "../hosts/parse-host";
import { getUserById } from "../users/get-user";
import type { RequestMeta } from "../audit/record-audit-event";
import { requestHost, requestMetaFromHeaders } from "../http/request-meta";
import { currentSessionIdOf } from "./current-session-id";
import { getSessionUser } from "./current-user";
import { hasSecondFactor } from "./second-factor";

type OperatorUser = User;

export type OperatorAccess =
  | { kind: "operator"; user: OperatorUser; role: OperatorRole }
  | { kind: "needs-second-factor"; user: OperatorUser }
  | { kind: "none" };

/**
 * Whether this request comes from a platform operator who may use the console: signed in on this
 * host, an operator (`support` or `admin`), and with a second factor (operators always need one).
 * Everyone else is told nothing (`none`: pages answer not found, or send the signed-out to sign in
 * through requireOperatorPage). Once per request.
 */
export const operatorAccess = cache(async (): Promise<OperatorAccess> => {
  const session = await getSessionUser();
  const user = session ? await getUserById(session.id) : null;
  if (!user?.operatorRole) return { kind: "none" };
  if (!(await hasSecondFactor(user.id))) return { kind: "needs-second-factor", user };
  return { kind: "operator", user, role: user.operatorRole };
});

/**
 * Where a signed-out visitor of a console page goes: the apex sign-in, then back here through the
 * one-time host hand-off (/auth/continue on the apex). The console host never shows a sign-in
 * form of its own, so it cannot tell operators from anyone else before they sign in.
 */
export async function consoleSignInUrl(): Promise<string> {
  const requestHeaders = await headers();
  const next = safeRedirectPath(requestHeaders.get("x-atrium-path"), "/");
  const adminHost = new URL(originFor({ kind: "admin" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)).host;
  return `${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/auth/continue?${new URLSearchParams({ host: adminHost, next })}`;
}

/**
 * A console page's gate: operators pass (with their role); signed-out visitors go to sign-in;
 * everyone else gets not found (the caller renders the second-factor notice for that kind).
 */
export async function requireOperatorPage(): Promise<Exclude<OperatorAccess, { kind: "none" }>> {
  const access = await operatorAccess();
  if (access.kind !== "none") return access;
  if (!(await getSessionUser())) redirect(await consoleSignInUrl());
  notFound();
}

export type OperatorConsoleReader =
  | { kind: "operator"; user: OperatorUser; role: OperatorRole; reader: { sessionId: string | null; meta: RequestMeta } }
  | { kind: "needs-second-factor"; accountUrl: string };

/**
 * For console pages that read across workspaces: the gate above, then what the audited read
 * path needs (this session's record id, which the database checks, and the request's address
 * and browser for the audit row).
 */
export async function readOperatorConsole(): Promise<OperatorConsoleReader> {
  const access = await requireOperatorPage();
  if (access.kind === "needs-second-factor") {
    return { kind: "needs-second-factor", accountUrl: `${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/account#two-factor` };
  }
  const sessionId = await currentSessionIdOf(access.user.id);
  return { ...access, reader: { sessionId, meta: requestMetaFromHeaders(await headers()) } };
}

/**
 * For console route handlers (CSV exports): on the console host only, the operator's audited-read
 * context, or the Response to send: the signed-out go to sign in and back, everyone else gets 404.
 */
export async function readOperatorRoute(req: Request): Promise<{ sessionId: string | null; meta: RequestMeta } | Response> {
  const notFound = () => new Response("Not found.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  if (parseHost(requestHost(req.headers), env.ROOT_DOMAIN).kind !== "admin") return notFound();
  const access = await operatorAccess();
  if (access.kind === "operator") return { sessionId: await currentSessionIdOf(access.user.id), meta: requestMetaFromHeaders(req.headers) };
  if (access.kind === "none" && !(await getSessionUser())) return Response.redirect(await consoleSignInUrl(), 303);
  return notFound();
}
