// The load generator of the HTTP benchmarks, on its own thread: the stand-in shares the bench's
// main thread, and its work (the app's Admin API calls, validated against Shopify's schema) must
// not delay when requests are sent or when their answers are read. It shares the machine's two
// cores with what it measures, so it uses node:http with kept-alive connections (about half the
// CPU of fetch per request).
import http from "node:http";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

export type LoadRequest = { url: string; method?: string; headers?: Record<string, string>; body?: string };
/** `failures` counts the failed requests by status ("no answer" when none came). */
export type LoadResult = { latencies: number[]; errors: number; failures: Record<string, number> };
/** The measured phase, and the warm-up's own result (a fresh server's first requests). */
export type OpenLoopResult = LoadResult & { warmUp?: LoadResult };

type Phase = { requests: LoadRequest[]; perSecond: number };

/**
 * Sends `requests` at `perSecond` on an open-loop schedule (a slow answer never slows the senders).
 * `warmUp` is sent first from the same thread and not measured: it warms the server and the
 * generator itself (its own start and first connections would otherwise count as latency).
 */
export function openLoop(requests: LoadRequest[], perSecond: number, warmUp?: Phase): Promise<OpenLoopResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { warmUp, measured: { requests, perSecond } }, execArgv: ["--import", "tsx"] });
    worker.once("message", (result: OpenLoopResult) => resolve(result));
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`load generator exited with ${code}`)));
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

/** Sends one request and reads its whole answer; resolves with the status (0: no answer). */
function send(request: LoadRequest): Promise<number> {
  return new Promise((resolve) => {
    const outgoing = http.request(request.url, { method: request.method ?? "GET", headers: request.headers, agent }, (res) => {
      res.resume();
      res.once("end", () => resolve(res.statusCode ?? 0));
      res.once("error", () => resolve(0));
    });
    outgoing.once("error", () => resolve(0));
    outgoing.end(request.body);
  });
}

async function run({ requests, perSecond }: Phase): Promise<LoadResult> {
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < requests.length; i++) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const request = requests[i]!;
    inflight.push(
      (async () => {
        const t0 = performance.now();
        const status = await send(request);
        if (status >= 200 && status < 300) latencies.push(performance.now() - t0);
        else {
          const what = status === 0 ? "no answer" : String(status);
          failures[what] = (failures[what] ?? 0) + 1;
        }
      })(),
    );
  }
  await Promise.all(inflight);
  return { latencies, errors: Object.values(failures).reduce((n, k) => n + k, 0), failures };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const { warmUp, measured } = workerData as { warmUp?: Phase; measured: Phase };
  void (async () => {
    const warmed = warmUp ? await run(warmUp) : undefined;
    port.postMessage({ ...(await run(measured)), warmUp: warmed });
  })();
}
