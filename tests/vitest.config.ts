import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "..");

export default defineConfig({
  root,
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // "server-only" throws outside React Server Components; lib code is plain server code under test.
      { find: /^server-only$/, replacement: path.join(root, "tests", "support", "server-only.ts") },
    ],
  },
  test: {
    // Two workers: the database server, the workers and the machine (CI has 2 cores) share the CPU.
    maxWorkers: 2,
    env: {
      AUTH_SECRET: "test-secret-used-only-by-the-test-suite-0123456789",
      APP_URL: "http://localhost:3000",
    },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          // One PostgreSQL for the run; each test file gets its own database cloned from a migrated template.
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/setup-db.ts"],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
