/**
 * The load generator of the "redirect" scenario, in its own process so it never shares an event loop
 * with the harness. Sends exactly BENCH_AMOUNT GET requests over BENCH_CONNECTIONS keep-alive
 * connections with autocannon, cycling through the paths read from stdin (a JSON array), after an
 * untimed warm-up of BENCH_WARMUP requests. Prints one JSON line with the figures on stdout.
 *
 * Environment: BENCH_BASE_URL, BENCH_AMOUNT, BENCH_WARMUP, BENCH_CONNECTIONS.
 */
import { createRequire } from "node:module";

interface Histogram {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

interface AutocannonResult {
  latency: Histogram;
  requests: { average: number; total: number; sent: number };
  duration: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
  onResponse?: () => void;
}

type Autocannon = (options: {
  url: string;
  connections: number;
  amount: number;
  pipelining?: number;
  timeout?: number;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
}) => Promise<AutocannonResult>;

// autocannon ships CommonJS without type declarations; only the part used here is typed above.
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

/** A browser's user agent: the redirect does not count declared bots. */
const BROWSER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** When the latest response arrived (performance.now()). */
let lastResponseAt = 0;

async function fire(url: string, paths: string[], amount: number, connections: number): Promise<AutocannonResult> {
  let next = 0;
  return autocannon({
    url,
    connections,
    amount,
    timeout: 10,
    headers: { "user-agent": BROWSER_AGENT, referer: "https://blog.example.org/post" },
    requests: [
      {
        method: "GET",
        setupRequest: (request) => {
          const path = paths[next % paths.length]!;
          next += 1;
          return { ...request, path };
        },
        onResponse: () => {
          lastResponseAt = performance.now();
        },
      },
    ],
  });
}

async function main() {
  const url = env("BENCH_BASE_URL");
  let input = "";
  for await (const chunk of process.stdin) input += String(chunk);
  const paths = JSON.parse(input) as string[];
  if (paths.length === 0) throw new Error("no paths on stdin");
  const amount = Number(env("BENCH_AMOUNT"));
  const warmup = Number(process.env.BENCH_WARMUP ?? 0);
  const connections = Number(env("BENCH_CONNECTIONS"));

  const warm = warmup > 0 ? await fire(url, paths, warmup, connections) : undefined;
  // autocannon notices that the last response is in only at its next 1 s tick, so its own duration
  // overstates the run by up to a second: the run lasts from the start to the last response.
  const startedAt = performance.now();
  const result = await fire(url, paths.slice().reverse(), amount, connections);
  const durationS = (lastResponseAt - startedAt) / 1000;
  const count = (r: AutocannonResult | undefined, status: string) => r?.statusCodeStats[status]?.count ?? 0;
  process.stdout.write(
    `${JSON.stringify({
      requests: result.requests.total,
      durationS,
      perSecond: result.requests.total / durationS,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      errors: result.errors + (warm?.errors ?? 0),
      timeouts: result.timeouts + (warm?.timeouts ?? 0),
      statusCounts: Object.fromEntries(
        [...new Set([...Object.keys(result.statusCodeStats), ...Object.keys(warm?.statusCodeStats ?? {})])].map((status) => [
          status,
          count(result, status) + count(warm, status),
        ]),
      ),
    })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
