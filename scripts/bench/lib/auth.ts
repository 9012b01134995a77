import { performance } from "node:perf_hooks";

/*
 * Signing in the way a browser does, over HTTP: next-auth's double-submit CSRF check needs the
 * csrf cookie from GET /api/auth/csrf echoed back beside the token in the form body.
 */

function cookiePairs(res: Response): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const header of res.headers.getSetCookie()) {
    const pair = header.split(";", 1)[0] ?? "";
    const eq = pair.indexOf("=");
    if (eq > 0) pairs.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return pairs;
}

function cookieHeader(pairs: Map<string, string>): string {
  return [...pairs].map(([name, value]) => `${name}=${value}`).join("; ");
}

export interface TimedLogin {
  cookie: string;
  /** GET /api/auth/csrf, ms */
  csrfMs: number;
  /** POST /api/auth/callback/credentials, ms */
  postMs: number;
}

export async function loginCookie(baseUrl: string, email: string, password: string): Promise<string> {
  return (await timedLogin(baseUrl, email, password)).cookie;
}

/** The same sign-in, with the time of each request. */
export async function timedLogin(baseUrl: string, email: string, password: string): Promise<TimedLogin> {
  const started = performance.now();
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  if (!csrfRes.ok) throw new Error(`GET /api/auth/csrf answered ${csrfRes.status}`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken?: string };
  const jar = cookiePairs(csrfRes);
  if (!csrfToken || jar.size === 0) throw new Error("GET /api/auth/csrf returned no token or cookie");

  const posted = performance.now();
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    // json=true makes next-auth answer {url} instead of a redirect, as its own client does.
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: baseUrl, json: "true" }),
  });
  const body = await res.text();
  const done = performance.now();
  // The session token may be split into chunks (…session-token.0, .1) when large.
  const session = [...cookiePairs(res)].filter(([name, value]) => name.includes("session-token") && value !== "");
  if (session.length === 0) {
    throw new Error(`sign-in as ${email} failed: ${res.status} ${body.slice(0, 200)}`);
  }
  return {
    cookie: session.map(([name, value]) => `${name}=${value}`).join("; "),
    csrfMs: posted - started,
    postMs: done - posted,
  };
}
