// `npm run worker`: the webhook inbox worker and periodic jobs without the HTTP server. Run web
// instances with TALLY_WORKER=off and one or more of these beside them (PostgreSQL: any number,
// they claim deliveries with SKIP LOCKED; SQLite: one), so acknowledging webhooks never competes
// with applying them for the same CPU.
import os from "node:os";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { EnvError, parseEnv } from "../config/env.server";
import { databaseConfigFromEnv, DatabaseConfigError, describeDatabase } from "../db/config";
import { migrate } from "../db/migrate";
import { logger } from "../lib/logger";

const log = logger("tally");

async function main() {
  process.env.NODE_ENV ??= "production";
  // A dedicated worker may use its whole CPU, but at the lowest priority (nice 19): on a machine it
  // shares with web instances, acknowledging webhooks and answering shoppers come first (the inbox
  // catches up). Nice 10 still let a draining backlog push acknowledgement p99 past 100 ms.
  process.env.TALLY_WORKER_DUTY ??= "1";
  // Its PostgreSQL commits need not wait for the disk (every write is idempotent; ADR 0010).
  process.env.TALLY_WORKER_PROCESS = "1";
  try {
    os.setPriority(os.constants.priority.PRIORITY_LOW);
  } catch {
    // Not permitted here (some containers): run at normal priority.
  }
  parseEnv(process.env);
  const dbConfig = databaseConfigFromEnv();
  await migrate(dbConfig);
  const buildDir = path.resolve(process.env.TALLY_BUILD_DIR || "build");
  const build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
  const { startBackgroundJobs } = build.entry.module as { startBackgroundJobs?: () => Promise<() => Promise<void>> };
  if (!startBackgroundJobs) throw new Error("the server build has no startBackgroundJobs: run npm run build");
  const stop = await startBackgroundJobs();
  log.info(`worker running on ${describeDatabase(dbConfig)}`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`worker ${signal}: finishing the current batch`);
    void stop().finally(() => process.exit(0));
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  log.error("worker failed to start", error instanceof EnvError || error instanceof DatabaseConfigError ? error.message : error);
  process.exit(1);
});
