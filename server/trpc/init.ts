import "server-only";
import { SpanStatusCode } from "@opentelemetry/api";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { AppError, isAppError, isDatabaseUnavailable, isPaymentProviderUnavailable, unavailableError, type AppErrorCode } from "../errors";
import type { Permission } from "../../lib/permissions";
import { decideWorkspaceAccess, type AccessDecision, type Capability } from "../../lib/workspace-policy";
import { readTogether } from "../db/with-tenant";
import { activeTracer } from "../observability/tracing";
import { READ_ONLY_SUPPORT_MESSAGE, supportMayWrite } from "../support/support-access";
import { memberRoleOf, secondFactorMissingOf, secondFactorRequiredMessage, type Context } from "./context";

const TRPC_CODES: Record<AppErrorCode, TRPCError["code"]> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

/** A TRPCError for an AppError, or for a database outage (503 + retryAfterSeconds); otherwise null. */
export function toTrpcError(cause: unknown): TRPCError | null {
  const appError = isAppError(cause)
    ? cause
    : isDatabaseUnavailable(cause)
      ? unavailableError(cause)
      : isPaymentProviderUnavailable(cause)
        ? new AppError("UNAVAILABLE", "The payment provider cannot be reached right now. Try again in a minute.", { retryAfterSeconds: 60, cause })
        : null;
  return appError ? new TRPCError({ code: TRPC_CODES[appError.code], message: appError.message, cause: appError }) : null;
}

/** What a workspace procedure declares (readable from the router, so tests can enumerate it). */
export type ProcedureAccess = { capability?: Capability; permission?: Permission };

const t = initTRPC.context<Context>().meta<ProcedureAccess>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const fieldErrors =
      cause instanceof ZodError
        ? z.flattenError(cause).fieldErrors
        : isAppError(cause)
          ? (cause.fieldErrors ?? null)
          : null;
    // Unknown errors keep their detail in the log only (see onError in the route handler).
    const internal = error.code === "INTERNAL_SERVER_ERROR" && !isAppError(cause);
    // An input tRPC could not even decode (a body of `null`, nesting too deep for superjson) fails
    // with the JavaScript error it hit, whose words mean nothing to the caller.
    const unreadable = (error.code === "BAD_REQUEST" || error.code === "PARSE_ERROR") && (cause instanceof TypeError || cause instanceof RangeError || cause instanceof SyntaxError);
    return {
      ...shape,
      message: internal
        ? "Something went wrong on our side. Please try again."
        : unreadable
          ? "The request's input could not be read: send it as JSON, encoded the way the dashboard's client does."
          : cause instanceof ZodError
          ? "Some fields need attention."
          : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        fieldErrors,
        retryAfterSeconds: isAppError(cause) ? (cause.retryAfterSeconds ?? null) : null,
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/**
 * A span per procedure call, `trpc <path>`, when tracing is on (server/observability/tracing.ts):
 * outermost, so its code is the one the client gets, and its SQL statements become its children.
 * With tracing off the middleware is not installed at all: even a pass-through middleware costs
 * tRPC about 5 µs per call (measured), against nothing.
 */
const procedureTracer = activeTracer();
const traced = t.middleware(({ type, path, next }) => {
  const tracer = procedureTracer;
  if (!tracer) return next();
  const attributes = { "rpc.system": "trpc", "rpc.method": path, "trpc.type": type, "trpc.path": path };
  return tracer.startActiveSpan(`trpc ${path}`, { attributes }, async (span) => {
    try {
      // next() reports errors in its result rather than throwing them.
      const result = await next();
      span.setAttribute("trpc.code", result.ok ? "OK" : result.error.code);
      if (!result.ok) span.setStatus({ code: SpanStatusCode.ERROR });
      return result;
    } finally {
      span.end();
    }
  });
});

/** Maps domain AppErrors (and database outages) onto tRPC codes, and so HTTP statuses. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  const mapped = result.ok ? null : toTrpcError(result.error.cause);
  if (mapped) throw mapped;
  return result;
});

/**
 * Read-only support access (server/support) changes nothing: every mutation of every router is
 * refused here, before any procedure runs, whatever it would do.
 */
const supportReadOnly = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation" && !supportMayWrite(ctx.user?.support)) throw new TRPCError({ code: "FORBIDDEN", message: READ_ONLY_SUPPORT_MESSAGE });
  return next();
});

export const publicProcedure = (procedureTracer ? t.procedure.use(traced) : t.procedure).use(appErrors).use(supportReadOnly);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

const DENIAL_CODES = { not_found: "NOT_FOUND", unauthenticated: "UNAUTHORIZED", suspended: "FORBIDDEN", forbidden: "FORBIDDEN" } as const;

function denied(decision: Extract<AccessDecision, { allowed: false }>): TRPCError {
  return new TRPCError({ code: DENIAL_CODES[decision.reason], message: decision.message });
}

/**
 * A member of the workspace the host names (non-members get NOT_FOUND, never a hint that the
 * workspace exists). The role is read once per request (memberRoleOf).
 */
export const tenantProcedure = protectedProcedure.use(async ({ ctx, type, next }) => {
  const run = async () => {
    const role = ctx.tenant ? await memberRoleOf(ctx) : null;
    const decision = decideWorkspaceAccess({ workspace: ctx.tenant, role }, { capability: "enter" });
    if (!decision.allowed) throw denied(decision);
    // The workspace's two-factor policy: a member without a second factor reaches nothing here
    // until they set one up (read with the role, no extra round trip).
    if (await secondFactorMissingOf(ctx)) throw new TRPCError({ code: "FORBIDDEN", message: secondFactorRequiredMessage(ctx.tenant!.name) });
    return next({ ctx: { ...ctx, tenant: ctx.tenant!, role: role! } });
  };
  // A query reads its membership and its data in one transaction (mutations keep their own
  // transactions: they may call Stripe or email, which must not run inside one).
  return type === "query" && ctx.tenant ? readTogether(ctx.tenant.id, run) : run();
});

/**
 * A workspace procedure declares what it does and the permission it needs; the workspace policy
 * (lib/workspace-policy.ts) decides, including what a suspended or cancelled workspace may still
 * do. Without a capability, a query views and a mutation changes.
 */
/** What even write-enabled support access never does in a workspace (the console has audited actions for these). */
const NOT_FOR_SUPPORT = new Set(["tenant.delete", "member.transferOwnership"]);
/** ...nor makes anyone an owner (which would be an ownership transfer by another road). */
const ROLE_SETTERS = new Set(["member.invite", "member.changeRole"]);

export function workspaceProcedure(access: ProcedureAccess = {}) {
  return tenantProcedure.meta(access).use(async ({ ctx, type, path, meta, getRawInput, next }) => {
    if (ctx.user.support && (NOT_FOR_SUPPORT.has(path) || (ROLE_SETTERS.has(path) && ((await getRawInput()) as { role?: unknown } | null)?.role === "owner"))) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Support access cannot delete a workspace, make anyone its owner or transfer its ownership. Use the operator console's actions." });
    }
    const capability = meta?.capability ?? (type === "mutation" ? "change" : "view");
    const decision = decideWorkspaceAccess({ workspace: ctx.tenant, role: ctx.role }, { capability, permission: meta?.permission });
    if (!decision.allowed) throw denied(decision);
    return next();
  });
}

export { AppError };
