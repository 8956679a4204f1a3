import "server-only";
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env, requireAuthSecret } from "../env";
import { requestHost, requestMetaFromHeaders } from "../http/request-meta";
import { isAppError } from "../errors";
import { normalizeHostname } from "../hosts/parse-host";
import { logger } from "../logger";
import { authenticateUser } from "../users/authenticate-user";
import { getUserById } from "../users/get-user";
import { authCookies } from "./auth-cookies";
import { redeemHandoffGrant } from "./handoff";
import { rememberWorkspaceHost } from "./remember-workspace-host";
import { mintSessionToken } from "./mint-session";
import { isOAuthAccount, oauthProviders, oauthSignIn } from "./oauth";
import { hasSecondFactor } from "./second-factor";
import { isSessionCurrent } from "./session-check";
import { claimSupportGrant, newSupportSessionId, type SupportAccess } from "../support/support-access";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
    /** The host the session was issued on (see getSessionUser). */
    host?: string;
  }
  interface User {
    sessionVersion?: number;
    host?: string;
    /** A hand-off: the session (sid) it continues on this host. */
    parentSessionId?: string | null;
    /** The workspace whose single sign-on started this session (server/sso). */
    ssoTenantId?: string | null;
    /** Support access this hand-off opened (server/support), with the session id it was bound to. */
    support?: (SupportAccess & { sessionId: string }) | null;
  }
}

/** Carries a reason the sign-in form can show (e.g. "throttled:120"). */
class SignInFailed extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

const SESSION_MAX_AGE = 30 * 24 * 3600;

/** Sessions are bound to the host they were issued on: a cookie carried to another host is void. */
function hostOf(request: Request): string {
  return normalizeHostname(requestHost(request.headers) || new URL(request.url).host);
}

// Lazy config: `next build` imports this module without AUTH_SECRET.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  trustHost: true,
  secret: requireAuthSecret(),
  // JWT sessions in host-only cookies (Auth.js sets no Domain): one host's cookie never
  // reaches another. Moving between hosts uses the one-time hand-off below.
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE },
  cookies: authCookies(env.PUBLIC_PROTOCOL),
  pages: { signIn: "/sign-in", error: "/sign-in" },
  logger: {
    // A wrong password is an outcome, not a server error: the form shows it.
    error(error) {
      // (Compare the Auth.js error type, not the class name: bundling minifies class names.)
      if ((error as { type?: string }).type === "CredentialsSignin" || error instanceof CredentialsSignin) return;
      logger.error("auth error", { error });
    },
    warn(code) {
      logger.warn("auth warning", { code });
    },
    debug() {},
  },
  providers: [
    Credentials({
      id: "credentials",
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const email = typeof credentials.email === "string" ? credentials.email : "";
        const password = typeof credentials.password === "string" ? credentials.password : "";
        if (!email || !password) throw new SignInFailed("invalid");
        try {
          const user = await authenticateUser({ email, password, ip: requestMetaFromHeaders(request.headers).ip });
          if (!user) throw new SignInFailed("invalid");
          // Auth.js's own password endpoint (scripts, benchmarks) never skips a second factor:
          // people who have one sign in through the form (sign-in-flow.ts).
          if (await hasSecondFactor(user.id)) throw new SignInFailed("second_factor");
          return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion, host: hostOf(request) };
        } catch (error) {
          if (isAppError(error) && error.code === "TOO_MANY_REQUESTS") {
            throw new SignInFailed(`throttled:${error.retryAfterSeconds ?? 60}`);
          }
          throw error;
        }
      },
    }),
    Credentials({
      id: "handoff",
      credentials: { token: {} },
      async authorize(credentials, request) {
        const token = typeof credentials.token === "string" ? credentials.token : "";
        const grant = await redeemHandoffGrant({ token, host: requestHost(request.headers) || new URL(request.url).host });
        const user = grant ? await getUserById(grant.userId) : null;
        if (!user) throw new SignInFailed("handoff");
        // Support access: the grant is bound to the session about to be created, once.
        const sessionId = newSupportSessionId();
        const support = grant?.support ? await claimSupportGrant(grant.support, user.id, sessionId) : null;
        if (grant?.support && !support) throw new SignInFailed("handoff");
        // Where the next sign-in on the apex lands (not for support access: staff are not members).
        if (!grant?.support) await rememberWorkspaceHost(user.id, hostOf(request));
        return {
          id: user.id,
          email: user.email,
          name: user.name,
          sessionVersion: user.sessionVersion,
          host: hostOf(request),
          parentSessionId: grant?.parentSessionId,
          ssoTenantId: grant?.ssoTenantId ?? null,
          support: support ? { ...support, sessionId } : null,
        };
      },
    }),
    ...oauthProviders(),
  ],
  callbacks: {
    async signIn({ account, profile }) {
      return isOAuthAccount(account) ? oauthSignIn(account, profile) : true;
    },
    async jwt({ token, user, account }) {
      if (user) return mintSessionToken(token, user, account);
      // Sign-out anywhere bumps the version, and ending this session revokes its record.
      if (!token.sub || !(await isSessionCurrent({ sub: token.sub, sv: token.sv, sid: token.sid }))) return null;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.host = typeof token.host === "string" ? token.host : undefined;
      return session;
    },
  },
}));
