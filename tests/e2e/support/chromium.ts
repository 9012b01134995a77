import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Debian's chromium package: the real binary first (skips the wrapper script's noise), then the wrapper. */
const KNOWN_LOCATIONS = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"];

/** Flags for a browser in a container or CI box: no sandbox (root), no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

const HOW_TO_FIX =
  "install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium or Chrome executable";

/** The Chromium to drive, without installing anything: CHROMIUM_PATH, then the Debian locations. */
export function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return KNOWN_LOCATIONS.find((candidate) => existsSync(candidate));
}

/**
 * Returns a usable Chromium, installing Debian's package when none is found and we may (root with apt-get).
 * Playwright's own browser download is not used: it needs a CDN that offline machines cannot reach.
 */
export function ensureChromium(log: (line: string) => void = console.log): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist: ${HOW_TO_FIX}.`);
    return fromEnv;
  }
  const found = findChromium();
  if (found) return found;

  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !commandExists("apt-get")) {
    throw new Error(`No Chromium found at ${KNOWN_LOCATIONS.join(" or ")}: ${HOW_TO_FIX}.`);
  }
  log("Chromium not found; installing Debian's chromium package: apt-get update && apt-get install -y chromium");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
  } catch (error) {
    throw new Error(
      `Installing chromium with apt-get failed (${error instanceof Error ? error.message : String(error)}): ${HOW_TO_FIX}.`,
    );
  }
  const installed = findChromium();
  if (!installed) throw new Error(`apt-get installed chromium but no binary is at ${KNOWN_LOCATIONS.join(" or ")}: ${HOW_TO_FIX}.`);
  log(`Installed Chromium at ${installed}`);
  return installed;
}

function commandExists(command: string): boolean {
  return (process.env.PATH ?? "").split(":").some((dir) => dir && existsSync(`${dir}/${command}`));
}
