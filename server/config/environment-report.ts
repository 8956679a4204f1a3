// The environment is checked once at boot (launcher, instrumentation, worker) and every problem
// is reported at once, so a deployment is fixed in one round instead of one variable per restart.
// Pure functions: the schema lives in server/env.ts, which passes its issues in.

export type EnvironmentProblem = { variable: string; message: string };

type Source = Record<string, string | undefined>;
type SchemaIssue = { path: PropertyKey[]; message: string };

// Values of these are never printed (a URL is printed without its password).
const SECRET_NAME = /SECRET|PASSWORD|TOKEN|_KEY$|_KEY_|CREDENTIAL/;

/** How a variable's value may appear in the report: secrets hidden, URL passwords masked, long values cut. */
export function displayValue(variable: string, value: string | undefined): string {
  if (value === undefined) return "unset";
  if (SECRET_NAME.test(variable)) return `${value.length} characters, hidden`;
  let shown = value;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    // Only scheme, host and path: whatever sits between `//` and the last `@` may be a password
    // (one with `/` or `#` in it makes the URL unparsable), and the query may carry one too.
    const scheme = value.slice(0, value.indexOf("//") + 2);
    const rest = value.slice(scheme.length);
    const hostAndPath = rest.slice(rest.lastIndexOf("@") + 1).replace(/[?#].*$/, "");
    shown = `${scheme}${rest.includes("@") ? "***@" : ""}${hostAndPath}${/[?#]/.test(rest.slice(rest.lastIndexOf("@") + 1)) ? "?***" : ""}`;
  }
  return JSON.stringify(shown.length > 80 ? `${shown.slice(0, 77)}...` : shown);
}

/** One problem per schema issue, named by variable, with the value that was given. */
export function schemaProblems(issues: readonly SchemaIssue[], source: Source): EnvironmentProblem[] {
  return issues.map((issue) => {
    const variable = issue.path.map(String).join(".") || "(environment)";
    return { variable, message: `${issue.message} (got ${displayValue(variable, source[variable])})` };
  });
}

const isSet = (source: Source, name: string) => Boolean(source[name]?.trim());

/**
 * What a production deployment needs beyond each variable's own format: rules across variables
 * that the schema cannot express without failing `next build` (which also runs as production).
 */
export function deploymentProblems(source: Source): EnvironmentProblem[] {
  if (source.NODE_ENV !== "production") return [];
  const problems: EnvironmentProblem[] = [];
  if (!isSet(source, "AUTH_SECRET")) {
    problems.push({
      variable: "AUTH_SECRET",
      message:
        "required in production: every instance must sign sessions with the same secret (32+ characters; " +
        "generate one with `openssl rand -base64 32`). A single instance started with `npm start` may set " +
        "ATRIUM_SINGLE_INSTANCE=1 instead, to keep a generated secret in ATRIUM_DATA_DIR.",
    });
  }
  if (!isSet(source, "DATABASE_URL")) {
    problems.push({
      variable: "DATABASE_URL",
      message: "required in production: the runtime role's URL (`npm start` without it runs an embedded PostgreSQL instead).",
    });
  }
  if (isSet(source, "STRIPE_SECRET_KEY") && !isSet(source, "STRIPE_WEBHOOK_SECRET")) {
    problems.push({
      variable: "STRIPE_WEBHOOK_SECRET",
      message: "required with STRIPE_SECRET_KEY: Stripe's webhooks are the source of truth for subscriptions and must be verified.",
    });
  }
  for (const [provider, name] of [["GITHUB", "GitHub"], ["GOOGLE", "Google"]] as const) {
    const id = `AUTH_${provider}_ID`;
    const secret = `AUTH_${provider}_SECRET`;
    if (isSet(source, id) !== isSet(source, secret)) {
      const missing = isSet(source, id) ? secret : id;
      problems.push({ variable: missing, message: `missing while ${missing === id ? secret : id} is set: sign-in with ${name} needs both.` });
    }
  }
  return problems;
}

/** The one report: every problem, one line each, sorted by variable. */
export function describeEnvironmentProblems(problems: readonly EnvironmentProblem[], processName = "Atrium"): string {
  const sorted = [...problems].sort((a, b) => a.variable.localeCompare(b.variable));
  const count = sorted.length === 1 ? "1 problem" : `${sorted.length} problems`;
  const lines = sorted.map((p) => `  - ${p.variable}: ${p.message}`);
  return [`${processName} cannot start: ${count} in the environment:`, ...lines, "Every variable is described in .env.example and the README (Configuration)."].join("\n");
}
