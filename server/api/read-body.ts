import { env } from "../env";
import { AppError } from "../errors";

/**
 * Reads a JSON body of at most `maxBytes`, refusing other media types, other character sets than
 * UTF-8 (read as UTF-8 they would change silently: two different keys could become one) and
 * malformed JSON.
 */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError("BAD_REQUEST", "Send the body as JSON with Content-Type: application/json.", { reason: "unsupported_media_type" });
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(type)?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    throw new AppError("BAD_REQUEST", `The body must be UTF-8 JSON; charset=${charset.slice(0, 40)} is not supported.`, { reason: "unsupported_media_type" });
  }
  const text = await readBodyText(req, maxBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "The body is not valid JSON.", { reason: "invalid_json" });
  }
}

/**
 * Reads at most `maxBytes` of the body as UTF-8 text (see readBodyBytes). Bytes that are not UTF-8
 * are refused, never replaced: replaced, two different values could arrive as the same one.
 */
export async function readBodyText(req: Request, maxBytes: number, timeoutMs?: number): Promise<string> {
  const bytes = await readBodyBytes(req, maxBytes, timeoutMs);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("BAD_REQUEST", "The body is not valid UTF-8 text.", { reason: "invalid_encoding" });
  }
}

/** The reason of the AppError thrown when a body does not arrive in time (408 on the API). */
export const BODY_TIMEOUT_REASON = "request_timeout";

/**
 * Reads at most `maxBytes` of the body, stopping as soon as it is larger (never buffering more),
 * and giving up after `timeoutMs` in total: a client that declares a large Content-Length and then
 * stalls would otherwise hold the request (and its memory) until Node's own 300 s timeout.
 */
export async function readBodyBytes(req: Request, maxBytes: number, timeoutMs: number = env.BODY_READ_TIMEOUT_MS): Promise<Buffer> {
  // Nothing here decompresses; a compressed body read as it is would only fail later, as "not JSON".
  const encoding = req.headers.get("content-encoding")?.trim();
  if (encoding && encoding.toLowerCase() !== "identity") {
    throw new AppError("BAD_REQUEST", `Content-Encoding ${encoding.slice(0, 40)} is not supported: send the body uncompressed.`, { reason: "unsupported_media_type" });
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  const tooLarge = () => new AppError("BAD_REQUEST", `The body is larger than ${Math.floor(maxBytes / 1024)} KiB.`, { reason: "payload_too_large" });
  if (declared > maxBytes) throw tooLarge();
  const reader = req.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const seconds = Math.round(timeoutMs / 100) / 10;
      reject(new AppError("BAD_REQUEST", `The request body did not arrive within ${seconds} s. Send it in one go and retry.`, { reason: BODY_TIMEOUT_REASON }));
    }, timeoutMs);
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const read = reader.read().catch(() => {
        // A client that hangs up mid-body is a 400, not a server error.
        throw new AppError("BAD_REQUEST", "The request body was cut off.", { reason: "invalid_json" });
      });
      const { done, value } = await Promise.race([read, deadline]);
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw tooLarge();
      chunks.push(value);
    }
  } catch (error) {
    // Stop reading: the pending read settles, and the rest of the body is never buffered.
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks);
}
