import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "e2e/artifacts/**", "next-env.d.ts"],
  },
  {
    plugins: { drizzle },
    rules: {
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
    },
  },
  {
    // Domain code stays transport-free (STYLE.md rule 1); only trpc/ and auth/ adapt to Next.
    files: ["server/**/*.ts"],
    // Server actions are Next's transport: each feature's actions.ts is listed here on purpose.
    ignores: ["server/trpc/**", "server/auth/**", "server/members/actions.ts", "server/users/actions.ts", "server/billing/actions.ts", "**/*.test.ts"],
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
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/server/db", "@/server/db/*", "**/server/db/*"], message: "Components must not touch the database." }] },
      ],
    },
  },
];

export default config;
