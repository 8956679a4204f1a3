import { AppError } from "../errors";

/** Reads a JSON body of at most `maxBytes`, refusing other media types and malformed JSON. */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError("BAD_REQUEST", "Send the body as JSON with Content-Type: application/json.", { reason: "unsupported_media_type" });
  }
  const text = await readBodyText(req, maxBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "The body is not valid JSON.", { reason: "invalid_json" });
  }
}

/** Reads at most `maxBytes` of the body as UTF-8 text (see readBodyBytes). */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  return new TextDecoder("utf-8", { fatal: false }).decode(await readBodyBytes(req, maxBytes));
}

/** Reads at most `maxBytes` of the body, stopping as soon as it is larger (never buffering more). */
export async function readBodyBytes(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  const tooLarge = () => new AppError("BAD_REQUEST", `The body is larger than ${Math.floor(maxBytes / 1024)} KiB.`, { reason: "payload_too_large" });
  if (declared > maxBytes) throw tooLarge();
  const reader = req.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    // A client that hangs up mid-body is a 400, not a server error.
    const { done, value } = await reader.read().catch(() => {
      throw new AppError("BAD_REQUEST", "The request body was cut off.", { reason: "invalid_json" });
    });
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
