// Health: is the database reachable? Used by GET /healthz and load balancers.
import type { Db } from "../db/client";
import type { DatabaseConfig } from "../db/config";

export type Health = {
  status: "ok" | "unavailable";
  version: string;
  database: { provider: DatabaseConfig["provider"]; reachable: boolean; latencyMs: number; error?: string };
};

export async function checkHealth(db: Db, provider: DatabaseConfig["provider"], version: string): Promise<Health> {
  const started = performance.now();
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return {
      status: "ok",
      version,
      database: { provider, reachable: true, latencyMs: Math.round(performance.now() - started) },
    };
  } catch (error) {
    return {
      status: "unavailable",
      version,
      database: {
        provider,
        reachable: false,
        latencyMs: Math.round(performance.now() - started),
        error: error instanceof Error ? error.message.split("\n")[0] : String(error),
      },
    };
  }
}
