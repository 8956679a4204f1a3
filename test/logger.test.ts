import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { errorResponse } from "../server/api/respond";
import { withTenant } from "../server/db/with-tenant";
import { apiKeys } from "../server/db/schema";
import { installConsoleRedaction, logger } from "../server/logger";
import { prettyLine } from "../server/observability/pretty-log";
import { runWithRequestContext } from "../server/observability/request-context";
import { makeTenant } from "./factories";

// What a log line says is read back from stderr, as an operator would see it.
function captureStderr() {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return {
    lines,
    text: () => lines.join(""),
    json: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    restore: () => spy.mockRestore(),
  };
}

afterEach(() => vi.restoreAllMocks());

async function duplicateKeyError(keyHash: string, name: string): Promise<unknown> {
  const { tenant } = await makeTenant();
  const row = { tenantId: tenant.id, name, prefix: "atr_live_abc123", keyHash, scopes: ["usage:read"] };
  await withTenant(tenant.id, (tx) => tx.insert(apiKeys).values(row));
  return withTenant(tenant.id, (tx) => tx.insert(apiKeys).values({ ...row, keyHash: `${keyHash}-2` })).catch((error: unknown) => error);
}

describe("database errors in the log", () => {
  it("carry the PostgreSQL code, message, constraint and table, never the statement's parameters or the row's values", async () => {
    const keyHash = randomBytes(32).toString("hex");
    const name = `secret-name-${randomBytes(4).toString("hex")}`;
    const error = await duplicateKeyError(keyHash, name);
    // What drizzle throws really does hold them (so the test can fail).
    expect(String((error as Error).message)).toContain(keyHash);

    const out = captureStderr();
    logger.error("api internal error", { error });
    out.restore();

    const [line] = out.json();
    expect(line).toMatchObject({
      level: "error",
      msg: "api internal error",
      error: {
        name: "DrizzleQueryError",
        cause: {
          name: "PostgresError",
          code: "23505",
          constraint: "api_keys_active_name_key",
          table: "api_keys",
          message: expect.stringContaining("duplicate key value violates unique constraint") as unknown,
        },
      },
    });
    const text = out.text();
    for (const leaked of [keyHash, name, "Failed query", "params", "parameters", "insert into", "Key ("]) expect(text).not.toContain(leaked);
  });

  it("the REST API's 500 path logs the same safe summary", async () => {
    const keyHash = randomBytes(32).toString("hex");
    const error = await duplicateKeyError(keyHash, `n-${randomBytes(4).toString("hex")}`);
    const out = captureStderr();
    const res = errorResponse(error);
    out.restore();
    expect(res.status).toBe(500);
    expect(out.text()).toContain('"code":"23505"');
    expect(out.text()).not.toContain(keyHash);
  });
});

describe("errors Next.js prints itself (console.error)", () => {
  it("are filtered the same way once the instrumentation installed the redaction", async () => {
    const keyHash = randomBytes(32).toString("hex");
    const error = Object.assign((await duplicateKeyError(keyHash, `n-${randomBytes(4).toString("hex")}`)) as Error, { digest: "12345" });
    const printed: unknown[][] = [];
    const original = console.error;
    const holder = console as Console & { __atriumRedacted?: boolean };
    console.error = (...args: unknown[]) => void printed.push(args);
    try {
      installConsoleRedaction();
      console.error(" ⨯", error, `Authorization: Bearer ${keyHash}`);
    } finally {
      console.error = original;
      delete holder.__atriumRedacted;
    }
    // As Node would print it (message, stack, own properties).
    const shown = inspect(printed, { depth: 5 });
    expect(shown).not.toContain(keyHash);
    expect(shown).not.toContain("params");
    expect(shown).toContain("23505");
    expect(shown).toContain("api_keys_active_name_key");
    expect((printed[0]![1] as { digest?: string }).digest).toBe("12345");
  });
});

describe("secrets in the log", () => {
  it("are redacted by field name at any depth, and by shape inside any string", () => {
    // Shaped like Stripe's secrets (that is what the redaction must catch), assembled here so no
    // secret-looking literal sits in the repository.
    const fakeStripeKey = ["sk", "live", "notarealkey00"].join("_");
    const fakeWebhookSecret = ["whsec", "notarealsecret"].join("_");
    const apiKey = `atr_live_${randomBytes(32).toString("base64url")}`;
    const out = captureStderr();
    logger.error(`request with ${apiKey} failed`, {
      request: {
        method: "POST",
        headers: new Headers({ authorization: `Bearer ${apiKey}`, cookie: "authjs.session-token=cookie-secret-1", "x-request-id": "req-1" }),
      },
      body: { user: { email: "a@example.test", password: "hunter2-password" }, nested: [{ deeper: { token: "tok-secret-2", keyHash: "hash-secret-3", clientSecret: "cs-secret-4" } }] },
      databaseUrl: "postgres://atrium_app:pg-secret-5@db.internal:5432/atrium",
      stripe: { key: fakeStripeKey, webhook: fakeWebhookSecret },
      note: `Authorization: Basic dXNlcjpwYXNz`,
    });
    out.restore();
    const text = out.text();
    for (const secret of [apiKey, "cookie-secret-1", "hunter2-password", "tok-secret-2", "hash-secret-3", "cs-secret-4", "pg-secret-5", fakeStripeKey, fakeWebhookSecret, "dXNlcjpwYXNz"]) {
      expect(text, secret).not.toContain(secret);
    }
    const [line] = out.json();
    // Everything else is still there.
    expect(line).toMatchObject({
      msg: "request with atr_live_[redacted] failed",
      request: { method: "POST", headers: { authorization: "[redacted]", cookie: "[redacted]", "x-request-id": "req-1" } },
      body: { user: { email: "a@example.test", password: "[redacted]" } },
      databaseUrl: "postgres://atrium_app:[redacted]@db.internal:5432/atrium",
    });
  });

  it("are redacted in errors and their causes, and odd values (cycles, BigInt) do not break logging", () => {
    const inner = Object.assign(new Error("connect failed for postgres://u:inner-secret@h/db"), { code: "ECONNREFUSED", parameters: ["param-secret"] });
    const outer = new Error("wrapped", { cause: inner });
    const cyclic: Record<string, unknown> = { big: 12345678901234567890n };
    cyclic.self = cyclic;
    const out = captureStderr();
    logger.error("boom", { error: outer, cyclic });
    out.restore();
    const text = out.text();
    expect(text).not.toContain("inner-secret");
    expect(text).not.toContain("param-secret");
    const [line] = out.json() as [{ error: { cause: { code: string } }; cyclic: { big: string } }];
    expect(line.error.cause.code).toBe("ECONNREFUSED");
    expect(line.cyclic.big).toBe("12345678901234567890");
  });
});

describe("the pino logger", () => {
  it("never writes Authorization, cookies, tokens, key hashes or passwords, in any spelling or place", () => {
    const secrets = {
      bearer: `atr_live_${randomBytes(16).toString("hex")}`,
      cookie: `sess-${randomBytes(6).toString("hex")}`,
      access: `acc-${randomBytes(6).toString("hex")}`,
      refresh: `ref-${randomBytes(6).toString("hex")}`,
      keyHash: randomBytes(32).toString("hex"),
      password: `pw-${randomBytes(6).toString("hex")}`,
    };
    const out = captureStderr();
    logger.error("incoming", {
      headers: { Authorization: `Bearer ${secrets.bearer}`, Cookie: `authjs.session-token=${secrets.cookie}`, "Set-Cookie": [`a=${secrets.cookie}`] },
      oauth: { access_token: secrets.access, refreshToken: secrets.refresh, id_token: "x" },
      apiKey: { key_hash: secrets.keyHash, hash: secrets.keyHash },
      attempts: [{ user: "a@example.test", newPassword: secrets.password, PASSWD: secrets.password }],
      err: new Error(`login failed with Bearer ${secrets.bearer}`),
    });
    out.restore();
    for (const [what, secret] of Object.entries(secrets)) expect(out.text(), what).not.toContain(secret);
    const [line] = out.json();
    expect(line).toMatchObject({ level: "error", msg: "incoming", headers: { Authorization: "[redacted]", Cookie: "[redacted]", "Set-Cookie": "[redacted]" }, attempts: [{ user: "a@example.test" }] });
    expect(line!.err).toMatchObject({ name: "Error", message: expect.stringMatching(/^login failed with Bearer \[redacted\]/) as unknown });
  });

  it("adds the request's id, workspace and user to lines written inside it (explicit fields win)", async () => {
    const out = captureStderr();
    await runWithRequestContext({ requestId: "req-7", workspaceId: "ws-7", userId: "u-7" }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.error("inside", { step: 2 });
      logger.error("explicit", { requestId: "other" });
    });
    logger.error("outside");
    out.restore();
    const [inside, explicit, outside] = out.json();
    expect(inside).toMatchObject({ msg: "inside", requestId: "req-7", workspaceId: "ws-7", userId: "u-7", step: 2 });
    expect(explicit).toMatchObject({ requestId: "other" });
    expect(outside).not.toHaveProperty("requestId");
    expect(typeof inside!.t).toBe("string");
  });

  it("reads well in development: time, level, message, fields, then the stack", () => {
    const line = JSON.stringify({ t: "2026-01-02T03:04:05.678Z", level: "warn", msg: "slow", requestId: "r-1", ms: 12, error: { name: "Error", message: "x", stack: "Error: x\n    at f (a.ts:1:1)" } });
    const pretty = prettyLine(line);
    expect(pretty).toContain("03:04:05.678");
    expect(pretty).toContain("WARN");
    expect(pretty).toMatch(/slow requestId=r-1 ms=12 error=\{"name":"Error","message":"x"\}\nError: x\n    at f/);
    expect(prettyLine("not json\n")).toBe("not json\n");
  });
});

describe("repeated lines", () => {
  it("the same line is written five times per 10 s window, then summed up in one line; a line that differs in any plain field or error is its own", () => {
    vi.useFakeTimers();
    try {
      const out = captureStderr();
      const refused = new Error("connect ECONNREFUSED 127.0.0.1:5432");
      Object.assign(refused, { code: "ECONNREFUSED" });
      for (let i = 0; i < 12; i++) logger.error("request refused: database unavailable", { path: "/p", error: refused });
      // Another path, another error or another message is another line.
      logger.error("request refused: database unavailable", { path: "/q", error: refused });
      logger.error("request refused: database unavailable", { path: "/p", error: new Error("password authentication failed") });
      logger.error("something else");
      expect(out.json().map((l) => [l.msg, l.path])).toEqual([
        ...Array.from({ length: 5 }, () => ["request refused: database unavailable", "/p"]),
        ["request refused: database unavailable", "/q"],
        ["request refused: database unavailable", "/p"],
        ["something else", undefined],
      ]);

      vi.advanceTimersByTime(10_000);
      const summary = out.json().slice(8);
      out.restore();
      expect(summary).toEqual([
        expect.objectContaining({ level: "error", path: "/p", repeated: 7, windowSeconds: 10, msg: "request refused: database unavailable (7 more like this in 10 s, not written one by one)" }),
      ]);

      // A new window writes again.
      const next = captureStderr();
      logger.error("request refused: database unavailable", { path: "/p", error: refused });
      next.restore();
      expect(next.json()).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
