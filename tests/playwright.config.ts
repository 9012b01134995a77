import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "./e2e/support/chromium";

/**
 * Browser tests against a production build (see e2e/support/global-setup.ts). Run with `npm run test:e2e`.
 * The global setup runs before workers start and hands them the app's URL, database and mailbox through
 * environment variables; workers load this file again and so see them.
 */
export default defineConfig({
  testDir: "./e2e",
  outputDir: "../test-results/e2e",
  globalSetup: "./e2e/support/global-setup.ts",
  globalTeardown: "./e2e/support/global-teardown.ts",
  tsconfig: "./tsconfig.e2e.json",
  // Two workers beside the server and the database fit a 2-core CI machine.
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // A guard against hangs, not a speed target: two workers, the server and PostgreSQL share two cores.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "../test-results/playwright.json" }]],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    video: "off",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
      },
    },
  ],
});
