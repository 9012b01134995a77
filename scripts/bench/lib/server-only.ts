import { register } from "node:module";

const EMPTY_MODULE = "data:text/javascript,export%20%7B%7D%3B";
const HOOKS = `export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: ${JSON.stringify(EMPTY_MODULE)}, shortCircuit: true };
  return next(specifier, context);
}`;

let registered = false;

/**
 * Lets this process import lib/ modules marked `import "server-only"` (a marker package that throws
 * outside the app's server bundle) by mapping that package to an empty module. Call it before the
 * first dynamic import of such a module; static imports are resolved before any code runs.
 */
export function allowServerOnlyImports(): void {
  if (registered) return;
  register(`data:text/javascript,${encodeURIComponent(HOOKS)}`);
  registered = true;
}
