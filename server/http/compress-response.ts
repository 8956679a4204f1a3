import type { ServerResponse } from "node:http";
import { promisify } from "node:util";
import zlib from "node:zlib";

// JSON answers of route handlers (the public API, tRPC) are compressed here, because `next start`
// does not (checked on Next 16.4.5): its compression middleware skips every route-handler answer
// (Next sets their Content-Type with appendHeader, as an array, which the middleware's filter
// does not recognise), and Next drops a Content-Encoding header a route handler sets. So the
// handler compresses the body and names the encoding in APP_ENCODING_HEADER; the HTTP gate
// (http-gate.ts), which sees every response before Next's middleware does, turns that into
// Content-Encoding. Without the gate (tests calling handlers directly) nothing is compressed.

/** The header a handler names its body's encoding in; the HTTP gate renames it Content-Encoding. */
export const APP_ENCODING_HEADER = "x-atrium-content-encoding";

/** Bodies below this are sent as they are: compressing a few hundred bytes costs more than it saves. */
export const MIN_COMPRESS_BYTES = 1024;

type Encoding = "br" | "gzip";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

const gate = globalThis as unknown as { __atriumContentEncoding?: boolean };

/** Called by the HTTP gate once it rewrites APP_ENCODING_HEADER on every response. */
export function enableAppEncoding(): void {
  gate.__atriumContentEncoding = true;
}

/** The gate's part, for each response: the handler's encoding header becomes Content-Encoding. */
export function restoreContentEncoding(res: ServerResponse): void {
  const rename = <A extends unknown[], R>(original: (this: ServerResponse, name: string, ...rest: A) => R) =>
    function (this: ServerResponse, name: string, ...rest: A): R {
      return original.call(this, name.toLowerCase() === APP_ENCODING_HEADER ? "Content-Encoding" : name, ...rest);
    };
  res.setHeader = rename(res.setHeader) as typeof res.setHeader;
  res.appendHeader = rename(res.appendHeader) as typeof res.appendHeader;
}

/** br or gzip when the client accepts it (q > 0), brotli first; otherwise null. */
export function chooseEncoding(acceptEncoding: string | null): Encoding | null {
  if (!acceptEncoding) return null;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name, ...params] = part.toLowerCase().split(";");
    const token = name?.trim();
    if (!token) continue;
    const weight = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    q.set(token, weight === undefined ? 1 : Number(weight));
  }
  const accepts = (encoding: Encoding) => (q.get(encoding) ?? q.get("*") ?? 0) > 0;
  return accepts("br") ? "br" : accepts("gzip") ? "gzip" : null;
}

/**
 * The same answer, compressed when it is JSON of at least MIN_COMPRESS_BYTES and the client
 * accepts br or gzip (off the event loop, in libuv's thread pool). Such answers also carry
 * `Vary: Accept-Encoding`, compressed or not.
 */
export async function compressResponse(req: Request, res: Response, { enabled = gate.__atriumContentEncoding === true } = {}): Promise<Response> {
  const type = res.headers.get("content-type") ?? "";
  if (!enabled || !res.body || res.headers.has("content-encoding") || !/^application\/json\b/i.test(type)) return res;
  const length = Number(res.headers.get("content-length") ?? Number.NaN);
  if (length < MIN_COMPRESS_BYTES) return res;
  const body = Buffer.from(await res.arrayBuffer());
  const headers = new Headers(res.headers);
  const rebuilt = (content: Buffer) => new Response(new Uint8Array(content), { status: res.status, statusText: res.statusText, headers });
  if (body.byteLength < MIN_COMPRESS_BYTES) return rebuilt(body);
  headers.append("Vary", "Accept-Encoding");
  const encoding = chooseEncoding(req.headers.get("accept-encoding"));
  if (!encoding) return rebuilt(body);
  // Brotli quality 4: about gzip's speed with a smaller result (the default, 11, is for static files).
  const compressed =
    encoding === "br"
      ? await brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } })
      : await gzip(body);
  headers.delete("content-length");
  headers.set(APP_ENCODING_HEADER, encoding);
  return rebuilt(compressed);
}
