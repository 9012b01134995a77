import { register } from "node:module";

/**
 * lib/ modules import "server-only", a guard that throws outside Next.js's server bundles. A process
 * that runs them as plain Node.js modules on the server (the production app server, a process started
 * by a test) registers this resolve hook first, so the guard resolves to an empty module there. Only
 * modules imported after the call are affected: import the lib/ modules dynamically.
 */
export function allowServerOnlyImports(): void {
  register(
    `data:text/javascript,${encodeURIComponent(
      `export async function resolve(specifier, context, nextResolve) {
         return specifier === "server-only" ? { url: "data:text/javascript,", shortCircuit: true } : nextResolve(specifier, context);
       }`,
    )}`,
  );
}
