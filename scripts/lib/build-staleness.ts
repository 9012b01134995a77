import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./paths";

/**
 * What `next build` makes .next from. A change to any of these makes the production build stale.
 * lib/ includes lib/generated (the Prisma client, bundled into the build): a schema change reaches
 * the app only through it. Files that do not exist (proxy.ts, middleware.ts) are skipped.
 */
export const BUILD_SOURCE_DIRS = ["app", "components", "lib", "emails", "public"] as const;
export const BUILD_SOURCE_FILES = [
  "next.config.ts",
  "instrumentation.ts",
  "proxy.ts",
  "middleware.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
] as const;

/**
 * Why the production build in `root`/.next must be (re)made, e.g. "lib/db.ts changed since the
 * last build", or undefined when .next/BUILD_ID is newer than every source file. Used by npm start,
 * the benchmarks and the browser tests, so all three rebuild on the same changes.
 */
export function buildStaleness(root: string = ROOT): string | undefined {
  const buildIdFile = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildIdFile)) return "no build yet";
  const builtAt = statSync(buildIdFile).mtimeMs;
  const changed = (file: string) => `${path.relative(root, file)} changed since the last build`;

  const newerIn = (dir: string): string | undefined => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        const found = newerIn(full);
        if (found) return found;
      } else if (entry.isFile() && statSync(full).mtimeMs > builtAt) {
        return full;
      }
    }
    return undefined;
  };

  for (const dir of BUILD_SOURCE_DIRS) {
    const full = path.join(root, dir);
    const found = existsSync(full) ? newerIn(full) : undefined;
    if (found) return changed(found);
  }
  for (const file of BUILD_SOURCE_FILES) {
    const full = path.join(root, file);
    if (existsSync(full) && statSync(full).mtimeMs > builtAt) return changed(full);
  }
  return undefined;
}
