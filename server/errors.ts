import { noteDatabaseTrouble } from "./health/database-trouble";

export const ERROR_CODES = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof ERROR_CODES;

export type FieldErrors = Record<string, string[]>;

/** The one error type domain code throws; transports map `code` to their status. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fieldErrors?: FieldErrors;
  readonly retryAfterSeconds?: number;
  /** A finer, machine-readable reason for API clients (e.g. `quota_exceeded`). */
  readonly reason?: string;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { fieldErrors?: FieldErrors; retryAfterSeconds?: number; reason?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = options.fieldErrors;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.reason = options.reason;
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

// What a connection failure looks like, from the socket (Node), from postgres.js and from the
// server (SQLSTATE class 08 "connection exception", 57P01-03 shutdown / cannot connect now,
// 53300 too many connections). A statement that failed on a live connection is none of these.
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN",
  "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED",
  "57P01", "57P02", "57P03", "53300",
  // A statement that ran out of time (statement_timeout, a lock held elsewhere): retry later.
  "57014", "55P03",
]);

/**
 * True when `error` (or what it wraps: drizzle puts the driver's error in `cause`) says the
 * database could not be reached, so the request deserves a 503 and a retry rather than a 500.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  // Node reports a refused connection to every address of a host as one AggregateError.
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

/** True when `error` (or what it wraps) is PostgreSQL cancelling a statement that ran out of time (57014). */
export function isStatementTimeout(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  return code === "57014" || isStatementTimeout(cause, depth + 1);
}

/**
 * Whether a call to the payment provider failed on the way, not on its merits: Stripe could not be
 * reached, answered 5xx or asked us to slow down. A retry later may work; the request was refused
 * by nobody. (Stripe's errors carry their kind in `type`.)
 */
export function isPaymentProviderUnavailable(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const { type, statusCode } = error as { type?: unknown; statusCode?: unknown };
  if (type === "StripeConnectionError" || type === "StripeRateLimitError") return true;
  return typeof type === "string" && type.startsWith("Stripe") && typeof statusCode === "number" && statusCode >= 500;
}

export const UNAVAILABLE_RETRY_SECONDS = 5;

/** The AppError a transport answers with while the database is unreachable (noted, so pages ask before rendering: proxy.ts). */
export function unavailableError(cause?: unknown): AppError {
  noteDatabaseTrouble();
  return new AppError("UNAVAILABLE", "Atrium is temporarily unavailable. Please retry in a few seconds.", {
    retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS,
    cause,
  });
}
