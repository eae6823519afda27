import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // BUILD_SOURCE_MAPS=1: browser source maps, for reading a Chromium profile by name (bench/profile-*.ts).
  productionBrowserSourceMaps: process.env.BUILD_SOURCE_MAPS === "1",
  reactStrictMode: true,
  // `npm test` type-checks in its own suite, beside the build (scripts/run-tests.mjs sets BUILD_SKIP_TYPECHECK=1):
  // a failing typecheck still fails the run. Every other build checks types itself.
  typescript: { ignoreBuildErrors: process.env.BUILD_SKIP_TYPECHECK === "1" },
  // PGlite loads its WebAssembly and data files relative to its own module: it must not be bundled. pg-boss
  // (lib/server/jobs) runs as shipped, beside the pg driver it loads.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss"],
  // The simulator is a separate program; the console never bundles it.
  outputFileTracingExcludes: { "*": ["sim/**", "e2e/**", "bench/**"] },
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
      { source: "/api/:path*", headers: [{ key: "Cache-Control", value: "no-store" }] },
      { source: "/scim/:path*", headers: [{ key: "Cache-Control", value: "no-store" }] },
      // The proxy (proxy.ts) adds HSTS to pages served over HTTPS; API routes skip the proxy and get it here.
      {
        source: "/api/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }],
      },
    ];
  },
};

export default nextConfig;
