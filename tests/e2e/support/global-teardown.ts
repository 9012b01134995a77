import { stopE2eRuntime } from "./global-setup";

/** Stops what global-setup.ts started: the app's process group, the mail endpoints and PostgreSQL. */
export default async function globalTeardown() {
  await stopE2eRuntime();
}
