import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
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
    ];
  },
};

export default nextConfig;
