// Environment variables, validated once at start-up. A missing or malformed variable stops the
// app with a message that names it. The development credentials are public (they are in this
// repository) and the stand-in receives access tokens and the client secret, so both exist only
// in the explicit demo/test mode, TALLY_MODE=demo: whatever NODE_ENV says, without it the app
// needs real credentials and refuses SHOPIFY_STANDIN_URL.
import { z } from "zod";

const DEV_API_KEY = "tally-rewards-dev";
const DEV_API_SECRET = "tally-rewards-dev-secret";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // "demo": `npm run demo` and the tests. Allows the public development credentials and the stand-in.
  TALLY_MODE: z.enum(["demo"]).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  SHOPIFY_API_KEY: z.string().min(1).optional(),
  SHOPIFY_API_SECRET: z.string().min(1).optional(),
  SHOPIFY_APP_URL: z.string().url().optional(),
  SCOPES: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  TALLY_DATA_DIR: z.string().optional(),
  // Origin of the local Shopify stand-in (demo and tests, TALLY_MODE=demo only). When set, every
  // call the app makes to a shop's Admin API is sent there instead of to Shopify.
  SHOPIFY_STANDIN_URL: z.string().url().optional(),
  // "off" disables the in-process inbox worker (e.g. when workers run as separate processes).
  TALLY_WORKER: z.enum(["on", "off"]).default("on"),
  // Share of time the in-process worker may use (0.05–1): it shares the event loop with the
  // HTTP server, which must acknowledge webhooks fast.
  TALLY_WORKER_DUTY: z.coerce.number().min(0.05).max(1).default(0.3),
  // Inbox loops per worker (PostgreSQL only; SQLite always runs one): while one loop waits for the
  // database, another applies. One by default, leaving CPU to the web process on a shared machine;
  // workers with cores of their own apply more with two (docs/benchmarks.md).
  TALLY_WORKER_LOOPS: z.coerce.number().int().min(1).max(16).default(1),
});

export type AppEnv = {
  nodeEnv: "development" | "production" | "test";
  /** TALLY_MODE=demo: development credentials and the stand-in allowed. */
  demo: boolean;
  port: number;
  host: string;
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  scopes: string[] | undefined;
  standinUrl: string | undefined;
  worker: boolean;
  workerDuty: number;
  workerLoops: number;
};

export class EnvError extends Error {
  override name = "EnvError";
}

export function parseEnv(raw: Record<string, string | undefined>): AppEnv {
  // An empty variable counts as unset (as shells and .env files commonly leave them).
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ""));
  const result = schema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment variable(s):\n  ${problems.join("\n  ")}`);
  }
  const env = result.data;
  const demo = env.TALLY_MODE === "demo";
  if (!demo) {
    const required = env.NODE_ENV === "production" ? (["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"] as const) : (["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET"] as const);
    const missing = required.filter((k) => !env[k]);
    if (missing.length) {
      throw new EnvError(
        `Missing required environment variable(s)${env.NODE_ENV === "production" ? " in production" : ""}: ${missing.join(", ")}` +
          " (development defaults are only used with TALLY_MODE=demo)",
      );
    }
    if (env.SHOPIFY_API_SECRET === DEV_API_SECRET) {
      throw new EnvError("SHOPIFY_API_SECRET is the public development secret; it is only accepted with TALLY_MODE=demo");
    }
    if (env.SHOPIFY_STANDIN_URL) {
      throw new EnvError("SHOPIFY_STANDIN_URL is only honoured with TALLY_MODE=demo: it would receive access tokens and the client secret");
    }
  }
  return {
    nodeEnv: env.NODE_ENV,
    demo,
    port: env.PORT,
    host: env.HOST,
    apiKey: env.SHOPIFY_API_KEY ?? DEV_API_KEY,
    apiSecret: env.SHOPIFY_API_SECRET ?? DEV_API_SECRET,
    appUrl: (env.SHOPIFY_APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    scopes: env.SCOPES ? env.SCOPES.split(",").map((s) => s.trim()).filter(Boolean) : undefined,
    standinUrl: env.SHOPIFY_STANDIN_URL?.replace(/\/$/, ""),
    worker: env.TALLY_WORKER === "on",
    workerDuty: env.TALLY_WORKER_DUTY,
    workerLoops: env.TALLY_WORKER_LOOPS,
  };
}

let cached: AppEnv | undefined;
export function appEnv(): AppEnv {
  cached ??= parseEnv(process.env);
  return cached;
}
