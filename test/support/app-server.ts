// Starts the built app exactly as `npm start` does, on a free port, for e2e tests.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { nodeArgsOfScript } from "./npm-script";

export type AppServer = { url: string; port: number; pid: number; dataDir: string; output: () => string; stop(): Promise<void> };

// A port for the app is chosen before the app binds it, and outgoing connections (the stand-in's,
// the load generator's, the database pool's) take their local ports from the kernel's ephemeral
// range meanwhile: one took the chosen port in a benchmark run (EADDRINUSE). So ports are chosen
// below that range (Linux: 32768–60999), at random, and checked free.
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  throw new Error("no free port found in 20000–31999");
}

export function canListen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export async function startAppServer(env: Record<string, string> = {}, options: { port?: number } = {}): Promise<AppServer> {
  const port = options.port ?? (await freePort());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-e2e-"));
  const child: ChildProcess = spawn(
    process.execPath,
    nodeArgsOfScript("start"),
    {
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        HOST: "127.0.0.1",
        SHOPIFY_API_KEY: "e2e-api-key",
        SHOPIFY_API_SECRET: "e2e-api-secret",
        SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
        TALLY_DATA_DIR: dataDir,
        DATABASE_URL: "",
        // Not inherited from the test process: only callers that use the stand-in ask for demo mode.
        TALLY_MODE: "",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (Date.now() >= deadline) throw new Error(`app did not become healthy:\n${output}`);
  return {
    url,
    port,
    pid: child.pid!,
    dataDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
