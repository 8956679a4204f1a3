import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";

// There is no components/ui barrel: a server component importing one primitive through it made
// every client primitive it re-exports (dialog, toast, menu) part of that page's JavaScript.
const NO_UI_BARREL = { regex: "^@/components/ui$", message: "Import each primitive from its own file (@/components/ui/button)." };

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "e2e/artifacts/**", "next-env.d.ts"],
  },
  {
    // Images here are workspace logos served by the workspace's own host with a sandboxing CSP,
    // never resized: next/image would only add its client runtime to every dashboard page.
    rules: { "@next/next/no-img-element": "off" },
  },
  {
    // A Pages Router rule: it reads app/(marketing)/[locale] as a page at every one-segment path,
    // so it flagged every plain <a> (links to another host's surface or to a route handler, which
    // must be full navigations). The App Router has no pages/ for it to check.
    rules: { "@next/next/no-html-link-for-pages": "off" },
  },
  {
    plugins: { drizzle },
    rules: {
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
    },
  },
  {
    // Domain code stays transport-free (STYLE.md rule 1); only trpc/, auth/ and i18n/ (the request's language) adapt to Next.
    files: ["server/**/*.ts"],
    // Server actions are Next's transport: each feature's actions.ts is listed here on purpose.
    ignores: ["server/trpc/**", "server/auth/**", "server/i18n/**", "server/members/actions.ts", "server/users/actions.ts", "server/billing/actions.ts", "server/sessions/actions.ts", "server/oauth/actions.ts", "server/passkeys/actions.ts", "server/two-factor/actions.ts", "server/sso/actions.ts", "server/jobs/actions.ts", "server/operators/actions.ts", "server/support/actions.ts", "server/status-page/actions.ts", "**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["next", "next/*", "react", "react-dom", "@trpc/*"], message: "server/ domain code must not import Next, React or tRPC." },
          ],
        },
      ],
    },
  },
  {
    // Account recovery's server actions (Next's transport, like the features' actions.ts above).
    files: ["server/accounts/actions.ts"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    // Components import from lib/ (isomorphic), server actions, and tRPC types, never from server/.
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(@/|(\\.\\./)+)server/(?!([\\w-]+/actions|trpc/root)$)",
              message: "Components import from lib/ (or a feature's server actions / tRPC types), never from server/.",
            },
            { group: ["@/server/trpc/root"], allowTypeImports: true, message: "Only the AppRouter type, never the router itself." },
            NO_UI_BARREL,
          ],
        },
      ],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [NO_UI_BARREL] }] },
  },
  {
    // lib/ is what both sides share: no server code, no database, no framework.
    files: ["lib/**/*.ts"],
    ignores: ["lib/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/server/*", "**/server/**", "server-only", "next", "next/*", "react", "postgres", "drizzle-orm", "drizzle-orm/*"], message: "lib/ is isomorphic: no server code, database or framework." }] },
      ],
    },
  },
];

export default config;
