/**
 * The load generator of the "api" scenario, in its own process so it never shares an event loop
 * with the harness. Sends exactly BENCH_AMOUNT requests over BENCH_CONNECTIONS keep-alive
 * connections with autocannon, after an untimed warm-up of BENCH_WARMUP requests, with the key
 * BENCH_API_KEY, and prints one JSON line with the figures on stdout.
 *
 * BENCH_MODE=create: `POST /api/v2/partnerships`, each with a new email
 * (`<BENCH_EMAIL_PREFIX>-<n>@api.bench.test`). BENCH_MODE=list: GET, cycling through the paths read
 * from stdin (a JSON array).
 */
import { createRequire } from "node:module";

interface Histogram {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

interface AutocannonResult {
  latency: Histogram;
  requests: { total: number };
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}

interface AutocannonRequest {
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
  onResponse?: () => void;
}

type Autocannon = (options: {
  url: string;
  connections: number;
  amount: number;
  timeout?: number;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
}) => Promise<AutocannonResult>;

// autocannon ships CommonJS without type declarations; only the part used here is typed above.
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

let lastResponseAt = 0;
let sequence = 0;

function fire(url: string, amount: number, connections: number, mode: string, paths: string[], emailPrefix: string, key: string) {
  const request: AutocannonRequest =
    mode === "create"
      ? {
          method: "POST",
          path: "/api/v2/partnerships",
          setupRequest: (req) => {
            sequence += 1;
            return { ...req, body: JSON.stringify({ email: `${emailPrefix}-${sequence}@api.bench.test`, first_name: "Bench", tags: ["bench"] }) };
          },
        }
      : {
          method: "GET",
          setupRequest: (req) => {
            const path = paths[sequence % paths.length]!;
            sequence += 1;
            return { ...req, path };
          },
        };
  return autocannon({
    url,
    connections,
    amount,
    timeout: 10,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    requests: [{ ...request, onResponse: () => (lastResponseAt = performance.now()) }],
  });
}

async function main() {
  const url = env("BENCH_BASE_URL");
  const mode = env("BENCH_MODE");
  const key = env("BENCH_API_KEY");
  const amount = Number(env("BENCH_AMOUNT"));
  const warmup = Number(process.env.BENCH_WARMUP ?? 0);
  const connections = Number(env("BENCH_CONNECTIONS"));
  const emailPrefix = process.env.BENCH_EMAIL_PREFIX ?? `api${Date.now()}`;
  let paths: string[] = [];
  if (mode === "list") {
    let input = "";
    for await (const chunk of process.stdin) input += String(chunk);
    paths = JSON.parse(input) as string[];
    if (paths.length === 0) throw new Error("no paths on stdin");
  }

  const warm = warmup > 0 ? await fire(url, warmup, connections, mode, paths, emailPrefix, key) : undefined;
  // autocannon notices the last response only at its next 1 s tick: the run lasts from the start to
  // the last response.
  const startedAt = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await fire(url, amount, connections, mode, paths, emailPrefix, key);
  const durationS = (lastResponseAt - startedAt) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
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
      // This process's own CPU per request: the machine's two cores are shared with the server.
      loadGeneratorCpuMs: result.requests.total > 0 ? (cpu.user + cpu.system) / 1000 / result.requests.total : undefined,
      errors: result.errors + (warm?.errors ?? 0),
      timeouts: result.timeouts + (warm?.timeouts ?? 0),
      // Only the timed run's answers: the warm-up's are not counted in the figures.
      statusCounts: Object.fromEntries(Object.keys(result.statusCodeStats).map((status) => [status, count(result, status)])),
      warmupStatusCounts: Object.fromEntries(Object.keys(warm?.statusCodeStats ?? {}).map((status) => [status, count(warm, status)])),
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
