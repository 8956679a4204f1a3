import { z, ZodError } from "zod";
import { isAppError, isDatabaseUnavailable, unavailableError, type AppErrorCode } from "../errors";
import { logger } from "../logger";

const CODES: Record<AppErrorCode, string> = {
  BAD_REQUEST: "invalid_request",
  UNAUTHORIZED: "unauthorized",
  FORBIDDEN: "forbidden",
  NOT_FOUND: "not_found",
  CONFLICT: "conflict",
  TOO_MANY_REQUESTS: "rate_limited",
  INTERNAL_SERVER_ERROR: "internal_error",
  UNAVAILABLE: "unavailable",
};

// Reasons that have a more precise HTTP status than their AppError code.
const REASON_STATUS: Record<string, number> = { payload_too_large: 413, unsupported_media_type: 415, request_timeout: 408 };

/** The status for a refused request body: 413, 415 or 408 where its reason says, else 400. */
export const badRequestStatus = (reason: string | undefined): number => (reason && REASON_STATUS[reason]) || 400;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

/** `{"error": {"code", "message", ...}}` with the right status. */
export function apiError(status: number, code: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return json({ error: { code, message, ...extra } }, status, headers);
}

/** Maps anything thrown by a handler to the API's error format; unknown errors stay in the log. */
export function errorResponse(error: unknown, headers: Record<string, string> = {}): Response {
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.join(".") || undefined;
    return apiError(400, "invalid_request", field ? `${field}: ${issue!.message}` : (issue?.message ?? "Invalid request."), { field, fields: z.flattenError(error).fieldErrors }, headers);
  }
  if (isAppError(error)) {
    const retry: Record<string, string> = error.retryAfterSeconds ? { "Retry-After": String(error.retryAfterSeconds) } : {};
    const field = error.fieldErrors ? Object.keys(error.fieldErrors)[0] : undefined;
    const status = (error.reason && REASON_STATUS[error.reason]) || error.status;
    // A stalled body: close the connection after answering, rather than wait for the rest of it.
    const close: Record<string, string> = status === 408 ? { Connection: "close" } : {};
    return apiError(status, error.reason ?? CODES[error.code], error.message, field ? { field } : {}, { ...headers, ...retry, ...close });
  }
  if (isDatabaseUnavailable(error)) {
    // An outage, not a bug: 503 + Retry-After so clients back off and retry.
    logger.warn("api request failed: database unavailable", { error });
    return errorResponse(unavailableError(error), headers);
  }
  logger.error("api internal error", { error });
  return apiError(500, "internal_error", "Something went wrong on our side. Please retry; if it persists, contact support.", {}, headers);
}
