// Health: is the database reachable? Used by GET /healthz and load balancers. The endpoint is
// public, so a failure answers a generic message and the database's own error (host names,
// user names, file paths) goes to the log only.
import type { Db } from "../db/client";
import { logger } from "../lib/logger";
import type { DatabaseConfig } from "../db/config";

const log = logger("health");

export type Health = {
  status: "ok" | "unavailable";
  version: string;
  message?: string;
  database: { provider: DatabaseConfig["provider"]; reachable: boolean; latencyMs: number };
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
    log.error("database unreachable", error instanceof Error ? error.message : error);
    return {
      status: "unavailable",
      version,
      message: "The database is not reachable.",
      database: { provider, reachable: false, latencyMs: Math.round(performance.now() - started) },
    };
  }
}
