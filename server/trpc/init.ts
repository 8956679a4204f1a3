import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { AppError, isAppError, isDatabaseUnavailable, unavailableError, type AppErrorCode } from "../errors";
import { getMembership } from "../members/get-membership";
import { hasPermission, type Permission } from "../members/permissions";
import type { Context } from "./context";

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
  const appError = isAppError(cause) ? cause : isDatabaseUnavailable(cause) ? unavailableError(cause) : null;
  return appError ? new TRPCError({ code: TRPC_CODES[appError.code], message: appError.message, cause: appError }) : null;
}

const t = initTRPC.context<Context>().create({
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
    return {
      ...shape,
      message: internal
        ? "Something went wrong on our side. Please try again."
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

/** Maps domain AppErrors (and database outages) onto tRPC codes, and so HTTP statuses. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  const mapped = result.ok ? null : toTrpcError(result.error.cause);
  if (mapped) throw mapped;
  return result;
});

export const publicProcedure = t.procedure.use(appErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

// Non-members get NOT_FOUND, never a hint that the workspace exists.
export const tenantProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  const notFound = new TRPCError({ code: "NOT_FOUND", message: "Workspace not found." });
  if (!ctx.tenant) throw notFound;
  const role = await getMembership({ tenantId: ctx.tenant.id, userId: ctx.user.id });
  if (!role) throw notFound;
  return next({ ctx: { ...ctx, tenant: ctx.tenant, role } });
});

// A suspended or cancelled workspace is read-only except for Billing (how it gets restored),
// exporting its data and deleting it.
export const activeTenantProcedure = tenantProcedure.use(({ ctx, type, path, next }) => {
  const allowed = path.startsWith("billing.") || path === "tenant.delete" || path === "dataExport.request";
  if (type === "mutation" && (ctx.tenant.status === "suspended" || ctx.tenant.status === "cancelled") && !allowed) {
    throw new TRPCError({ code: "FORBIDDEN", message: "This workspace is suspended. Restore it in Billing to make changes." });
  }
  return next();
});

export function permissionProcedure(permission: Permission) {
  return activeTenantProcedure.use(({ ctx, next }) => {
    if (!hasPermission(ctx.role, permission)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Your role does not allow this. Ask an owner or admin." });
    }
    return next();
  });
}

export { AppError };
