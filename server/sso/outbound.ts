import "server-only";
import { lookup } from "node:dns/promises";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { env } from "../env";
import { AppError } from "../errors";
import { isForbiddenAddress } from "../http/forbidden-address";
import { pinnedLookup, type PinnedAddress } from "../http/pinned-lookup";

// Requests to a workspace's identity provider are made on behalf of whoever configured it, so in
// production they may only reach public https addresses (no loopback, private, link-local or
// metadata addresses, in any spelling: SSRF), and the connection goes to the very address that was
// checked (a DNS answer that changes in between, rebinding, is never asked for). A platform running
// on localhost (development, the browser tests) talks to a provider on this machine over http.

export const OUTBOUND_TIMEOUT_MS = 5_000;
const MAX_BODY_BYTES = 512 * 1024;

export function strictOutbound(): boolean {
  const localPlatform = /(^|\.)localhost(:\d+)?$/.test(env.ROOT_DOMAIN);
  return env.NODE_ENV === "production" && !localPlatform;
}

/** Whether an address is loopback, private, link-local, shared, multicast or otherwise not public. */
export function isNonPublicAddress(ip: string): boolean {
  return isForbiddenAddress(ip);
}

type Address = PinnedAddress;

/**
 * Refuses a URL the platform must not call (see above); says why in words for the owner. In strict
 * mode, returns the public addresses the call may connect to (every one checked).
 */
export async function assertCallableUrl(url: URL, strict = strictOutbound()): Promise<Address[] | null> {
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new AppError("BAD_REQUEST", "The address must start with https://.");
  if (url.username || url.password) throw new AppError("BAD_REQUEST", "The address must not contain a user name or password.");
  if (!strict) return null;
  if (url.protocol !== "https:") throw new AppError("BAD_REQUEST", "The identity provider must be reached over https.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: Address[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
  else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
    } catch {
      throw new AppError("BAD_REQUEST", `${host} could not be found in DNS.`);
    }
  }
  if (addresses.length === 0 || addresses.some((a) => isNonPublicAddress(a.address))) {
    throw new AppError("BAD_REQUEST", `${host} points to a private or local network address, which Atrium does not call.`);
  }
  return addresses;
}

function tooLarge(): AppError {
  return new AppError("BAD_REQUEST", "The identity provider's answer is too large.");
}

/** fetch with the checks above, a short timeout, no redirects and a bounded body. */
export async function outboundFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : input.toString());
  const pinned = await assertCallableUrl(url);
  const timeout = AbortSignal.timeout(OUTBOUND_TIMEOUT_MS);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  if (pinned) return pinnedFetch(url, { ...init, method: init.method ?? (input instanceof Request ? input.method : "GET") }, pinned, signal);
  const response = await fetch(input, { ...init, signal, redirect: "manual" });
  const length = Number(response.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) throw tooLarge();
  return response;
}

function responseHeaders(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/**
 * The request, connected to `pinned` (TLS still checks the certificate against the URL's name), as
 * a fetch Response: never follows a redirect, reads at most MAX_BODY_BYTES.
 */
export async function pinnedFetch(url: URL, init: RequestInit, pinned: Address[], signal: AbortSignal): Promise<Response> {
  const body = init.body == null ? undefined : Buffer.from(await new Response(init.body).arrayBuffer());
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  if (body && !headers["content-length"]) headers["content-length"] = String(body.length);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<Response>((resolve, reject) => {
    const req = send(url, { method: init.method ?? "GET", headers, lookup: pinnedLookup(pinned), agent: false, signal }, (res) => {
      const declared = Number(res.headers["content-length"] ?? 0);
      if (declared > MAX_BODY_BYTES) {
        res.destroy();
        reject(tooLarge());
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          res.destroy();
          reject(tooLarge());
          return;
        }
        chunks.push(chunk);
      });
      res.on("error", reject);
      res.on("end", () => {
        const status = res.statusCode ?? 502;
        if (status < 200 || status > 599) {
          reject(new AppError("BAD_REQUEST", `The identity provider answered with status ${status}.`));
          return;
        }
        // No status text (nothing reads it, and one a fetch Response refuses would throw here,
        // outside the promise); a header it refuses rejects instead of leaving the call hanging.
        try {
          const empty = status === 204 || status === 205 || status === 304;
          resolve(new Response(empty ? null : Buffer.concat(chunks), { status, headers: responseHeaders(res.headers) }));
        } catch {
          reject(new AppError("BAD_REQUEST", "The identity provider's answer could not be read."));
        }
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}
