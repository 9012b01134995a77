import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma's CLI downloads a native schema engine before every command, even `prisma generate`,
// which does not use it. Point it at a local stand-in unless the caller opted out
// (PRISMA_USE_NATIVE_ENGINE=1 on a machine that can download the real one).
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && process.env.PRISMA_USE_NATIVE_ENGINE !== "1") {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(import.meta.dirname, "scripts", "no-schema-engine.sh");
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
