import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { findEnvironmentProblems } from "../env";
import { describeEnvironmentProblems, displayValue } from "./environment-report";

const SECRET = "s".repeat(40);
const production = { NODE_ENV: "production", AUTH_SECRET: SECRET, DATABASE_URL: "postgres://atrium_app:pw@db:5432/atrium" };

describe("environment report", () => {
  it("finds nothing wrong with development defaults or a complete production environment", () => {
    expect(findEnvironmentProblems({})).toEqual([]);
    expect(findEnvironmentProblems(production)).toEqual([]);
  });

  it("lists every problem at once, formats and production rules together, one line each", () => {
    const source = {
      NODE_ENV: "production",
      DATABASE_URL: "postgres://atrium_app:hunter2@db:5432/atrium",
      DATABASE_POOL_MAX: "lots",
      REDIS_URL: "not a url",
      LOG_LEVEL: "verbose",
      STRIPE_SECRET_KEY: "stripe-secret-value-for-the-test",
      AUTH_GITHUB_ID: "gh-client",
      SHUTDOWN_DRAIN_TIMEOUT_MS: "-1",
    };
    const problems = findEnvironmentProblems(source);
    expect(problems.map((p) => p.variable).sort()).toEqual([
      "AUTH_GITHUB_SECRET",
      "AUTH_SECRET",
      "DATABASE_POOL_MAX",
      "LOG_LEVEL",
      "REDIS_URL",
      "SHUTDOWN_DRAIN_TIMEOUT_MS",
      "STRIPE_WEBHOOK_SECRET",
    ]);
    const report = describeEnvironmentProblems(problems);
    const lines = report.split("\n");
    expect(lines[0]).toBe("Atrium cannot start: 7 problems in the environment:");
    expect(lines.slice(1, -1).map((l) => l.split(":")[0])).toEqual([
      "  - AUTH_GITHUB_SECRET",
      "  - AUTH_SECRET",
      "  - DATABASE_POOL_MAX",
      "  - LOG_LEVEL",
      "  - REDIS_URL",
      "  - SHUTDOWN_DRAIN_TIMEOUT_MS",
      "  - STRIPE_WEBHOOK_SECRET",
    ]);
    expect(report).toContain('DATABASE_POOL_MAX: Invalid input: expected number, received NaN (got "lots")');
    expect(report).toContain('(got "verbose")');
    expect(report).toContain("ATRIUM_SINGLE_INSTANCE=1");
    expect(report).toContain("AUTH_GITHUB_SECRET: missing while AUTH_GITHUB_ID is set: sign-in with GitHub needs both.");
    expect(report).not.toContain("stripe-secret-value-for-the-test");
    expect(report).not.toContain("hunter2");
  });

  it("reports a secret that is too short once, as too short, without showing it", () => {
    const problems = findEnvironmentProblems({ ...production, AUTH_SECRET: "short-secret" });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.variable).toBe("AUTH_SECRET");
    expect(problems[0]!.message).toContain("12 characters, hidden");
    expect(problems[0]!.message).not.toContain("short-secret");
  });

  it("asks for no production secrets outside production (next build, tests, development)", () => {
    expect(findEnvironmentProblems({ NODE_ENV: "test", STRIPE_SECRET_KEY: "sk_test_x" })).toEqual([]);
  });

  it("masks passwords in URLs and cuts long values", () => {
    expect(displayValue("REDIS_URL", "redis://:pw@cache:6379")).toBe('"redis://***@cache:6379"');
    expect(displayValue("SMTP_URL", "smtp://user:pa ss@host:25")).toBe('"smtp://***@host:25"');
    // Passwords with `/` or `@` (base64 secrets) make the URL unparsable; a query may carry one too.
    expect(displayValue("DATABASE_URL", "postgres://atrium_app:Zx9/kQ+2@db:5432/atrium")).toBe('"postgres://***@db:5432/atrium"');
    expect(displayValue("DATABASE_URL", "postgres://u:a@b/c@db:5432/atrium")).toBe('"postgres://***@db:5432/atrium"');
    expect(displayValue("DATABASE_URL", "postgres://db:5432/atrium?user=u&password=hunter2")).toBe('"postgres://db:5432/atrium?***"');
    expect(displayValue("S3_ENDPOINT", "http://minio:9000")).toBe('"http://minio:9000"');
    expect(displayValue("EMAIL_FROM", "x".repeat(100))).toHaveLength(82);
    expect(displayValue("STRIPE_WEBHOOK_SECRET", "whsec_abc")).toBe("9 characters, hidden");
  });

  it("assertValidEnvironment prints the report and exits 1 (a real process)", () => {
    const script = `import("./server/env.ts").then((m) => { m.assertValidEnvironment({ processName: "worker" }); process.stdout.write("still running"); })`;
    const result = spawnSync(process.execPath, ["--import", "tsx", "-e", script], {
      env: { PATH: process.env.PATH, NODE_ENV: "production", DATABASE_URL: "postgres://a@b/c", LOG_LEVEL: "loud" },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stdout).not.toContain("still running");
    expect(result.stderr).toContain("worker cannot start: 2 problems in the environment:");
    expect(result.stderr).toContain("  - AUTH_SECRET: required in production");
    expect(result.stderr).toContain("  - LOG_LEVEL:");
  });
});
