// The app's one database handle, created from the environment (DATABASE_URL) on first import.
import { databaseConfigFromEnv } from "./db/config";
import { createDb, type DbHandle } from "./db/client";

declare global {
  // Survives Vite's module reloads in development.
  var __tallyDb: DbHandle | undefined;
}

export function dbHandle(): DbHandle {
  // TALLY_WORKER_PROCESS is set by `npm run worker` (app/server/worker.ts): see CreateDbOptions.
  globalThis.__tallyDb ??= createDb(databaseConfigFromEnv(), { asyncCommit: process.env.TALLY_WORKER_PROCESS === "1" });
  return globalThis.__tallyDb;
}

export const db = dbHandle().db;
