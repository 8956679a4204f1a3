// A signed-in session on a workspace host for benchmarks, obtained the way a browser gets one:
// Auth.js's credentials sign-in on the apex, then the one-time hand-off to the workspace's own
// host (sessions are host-only cookies, DESIGN.md "Host names"). Plain HTTP to 127.0.0.1 with
// Host headers, because Node's fetch neither resolves *.localhost nor lets a Host header through.
import http from "node:http";

export type HttpAnswer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** One request to the server on 127.0.0.1:port, addressed to `url`'s host. */
export function request(port: number, url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer> {
  const target = new URL(url);
  const body = options.body ?? "";
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? "GET",
        headers: { host: target.host, ...(body ? { "content-length": String(Buffer.byteLength(body)) } : {}), ...options.headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** `name=value` pairs from Set-Cookie headers, merged over those already held. */
function keepCookies(jar: Map<string, string>, answer: HttpAnswer): void {
  for (const line of answer.headers["set-cookie"] ?? []) {
    const [pair] = line.split(";");
    const at = pair!.indexOf("=");
    const name = pair!.slice(0, at).trim();
    const value = pair!.slice(at + 1);
    if (/expires=Thu, 01 Jan 1970/i.test(line) || value === "") jar.delete(name);
    else jar.set(name, value);
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
const SESSION_COOKIE = /(^|_)authjs\.session-token$/;

export type SignedInCookieOptions = {
  /** The apex origin as the server knows it (ROOT_DOMAIN), e.g. http://localhost:3220. */
  baseUrl: string;
  /** Where the server listens on 127.0.0.1. */
  port: number;
  email: string;
  password: string;
  tenantSlug: string;
};

/**
 * Signs in on the apex and follows the workspace hand-off; resolves to the `Cookie` header value
 * that is signed in on `{tenantSlug}.{apex host}`. Throws with the step that failed.
 */
export async function signedInCookie({ baseUrl, port, email, password, tenantSlug }: SignedInCookieOptions): Promise<string> {
  const apex = new URL(baseUrl).origin;
  const apexJar = new Map<string, string>();

  // 1. Auth.js's CSRF token (double-submit: the cookie and the form field).
  const csrf = await request(port, `${apex}/api/auth/csrf`);
  keepCookies(apexJar, csrf);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };

  // 2. The credentials sign-in, from the apex's own origin.
  const signIn = await request(port, `${apex}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: apex, cookie: cookieHeader(apexJar) },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${apex}/workspaces` }).toString(),
  });
  keepCookies(apexJar, signIn);
  if (![...apexJar.keys()].some((k) => SESSION_COOKIE.test(k))) {
    throw new Error(`sign-in as ${email} failed (HTTP ${signIn.status}, location ${signIn.headers.location ?? "none"})`);
  }

  // 3. The workspace switcher's hand-off link (a tRPC mutation on the apex, same origin).
  const handoff = await request(port, `${apex}/api/trpc/tenant.switchTo`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: apex, cookie: cookieHeader(apexJar) },
    body: JSON.stringify({ json: { slug: tenantSlug } }),
  });
  const redirectUrl = (JSON.parse(handoff.body) as { result?: { data?: { json?: { redirectUrl?: string } } } }).result?.data?.json?.redirectUrl;
  if (!redirectUrl) throw new Error(`no hand-off to ${tenantSlug} (HTTP ${handoff.status}): ${handoff.body.slice(0, 200)}`);

  // 4. Redeeming it on the workspace host sets that host's own session cookie.
  const tenantJar = new Map<string, string>();
  const redeemed = await request(port, redirectUrl);
  keepCookies(tenantJar, redeemed);
  if (![...tenantJar.keys()].some((k) => SESSION_COOKIE.test(k))) {
    throw new Error(`hand-off to ${tenantSlug} gave no session (HTTP ${redeemed.status}, location ${redeemed.headers.location ?? "none"})`);
  }
  return cookieHeader(tenantJar);
}
