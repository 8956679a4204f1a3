import "server-only";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isAppError } from "../errors";
import { pinnedLookup } from "../http/pinned-lookup";
import { parseWebhookUrl, resolveWebhookHost, type ResolvedAddress, type WebhookNetworkPolicy } from "./webhook-network-policy";

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** What the log keeps of a response body. */
export const RESPONSE_BODY_LIMIT = 2_048;

export type PostOutcome = { status: number | null; responseBody: string | null; durationMs: number; error: string | null };

const TIMED_OUT = Symbol("timed out");

/** The promise's value, or TIMED_OUT when it has not settled within `ms` (it is then left to settle unobserved). */
async function withinTime<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buffer);
    size += buffer.length;
    // Enough for the log: the rest of a large (or endless) body is not read.
    if (size >= RESPONSE_BODY_LIMIT * 4) {
      response.destroy();
      break;
    }
  }
  // Whatever the endpoint sent must fit a text column: NUL becomes U+FFFD, and so does half of a
  // character pair cut by the limit.
  return Buffer.concat(chunks).toString("utf8").slice(0, RESPONSE_BODY_LIMIT).replaceAll("\0", "\uFFFD").toWellFormed();
}

/**
 * POSTs one signed webhook: the addresses are checked again now (delivery time) and the connection
 * pinned to them; no redirect is followed (a 3xx is a failed attempt); the whole exchange is
 * bounded by `timeoutMs`. Never throws: the outcome says what happened.
 */
export async function postWebhook(options: { url: string; body: string; headers: Record<string, string>; policy: WebhookNetworkPolicy; timeoutMs?: number }): Promise<PostOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  let pinned: ResolvedAddress[];
  let url: URL;
  try {
    url = parseWebhookUrl(options.url, options.policy);
    // The name's lookup counts against the same budget as the exchange: a resolver that never
    // answers must not hold a delivery slot beyond it.
    const resolved = await withinTime(resolveWebhookHost(url, options.policy), timeoutMs);
    if (resolved === TIMED_OUT) return { status: null, responseBody: null, durationMs: elapsed(), error: `The host name did not resolve within ${timeoutMs / 1000} s.` };
    // Every address was checked: the connection may use any of them (one that does not answer falls back).
    pinned = resolved;
  } catch (error) {
    return { status: null, responseBody: null, durationMs: elapsed(), error: isAppError(error) ? `Refused: ${error.message}` : "Refused: the address could not be checked." };
  }
  const remainingMs = Math.max(1, timeoutMs - elapsed());
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<PostOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<PostOutcome, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, durationMs: elapsed() });
    };
    // The status line is the answer: a 2xx whose body is still trickling in when time runs out was
    // delivered (the receiver said so); only the body is cut short.
    let answered: number | null = null;
    const req = send(
      url,
      {
        method: "POST",
        headers: { ...options.headers, "content-length": String(Buffer.byteLength(options.body)) },
        lookup: pinnedLookup(pinned),
        agent: false,
      },
      (response) => {
        answered = response.statusCode ?? null;
        readCapped(response)
          .then((text) => finish({ status: response.statusCode ?? null, responseBody: text, error: null }))
          .catch(() => finish({ status: response.statusCode ?? null, responseBody: null, error: "The response body could not be read." }));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      if (answered !== null && answered >= 200 && answered < 300) finish({ status: answered, responseBody: null, error: null });
      else finish({ status: answered, responseBody: null, error: answered === null ? `No response within ${timeoutMs / 1000} s.` : `The response did not finish within ${timeoutMs / 1000} s.` });
    }, remainingMs);
    req.on("error", (error: NodeJS.ErrnoException) => finish({ status: null, responseBody: null, error: `Request failed: ${error.code ?? error.message}`.slice(0, 500) }));
    req.end(options.body);
  });
}
