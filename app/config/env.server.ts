// Environment variables, validated once at start-up. A missing or malformed variable stops the
// app with a message that names it. Production has no defaults for Shopify credentials.
import { z } from "zod";

const DEV_API_KEY = "tally-rewards-dev";
const DEV_API_SECRET = "tally-rewards-dev-secret";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  SHOPIFY_API_KEY: z.string().min(1).optional(),
  SHOPIFY_API_SECRET: z.string().min(1).optional(),
  SHOPIFY_APP_URL: z.string().url().optional(),
  SCOPES: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  TALLY_DATA_DIR: z.string().optional(),
  // Origin of the local Shopify stand-in (demo and tests). When set, every call the app makes to
  // a shop's Admin API is sent there instead of to Shopify.
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
  if (env.NODE_ENV === "production") {
    const missing = (["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"] as const).filter((k) => !env[k]);
    if (missing.length) {
      throw new EnvError(`Missing required environment variable(s) in production: ${missing.join(", ")}`);
    }
  }
  return {
    nodeEnv: env.NODE_ENV,
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
