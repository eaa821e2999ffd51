// The app's one database handle, created from the environment (DATABASE_URL) on first import.
import { databaseConfigFromEnv } from "./db/config";
import { createDb, type DbHandle } from "./db/client";

declare global {
  // Survives Vite's module reloads in development.
  var __tallyDb: DbHandle | undefined;
}

export function dbHandle(): DbHandle {
  globalThis.__tallyDb ??= createDb(databaseConfigFromEnv());
  return globalThis.__tallyDb;
}

export const db = dbHandle().db;
