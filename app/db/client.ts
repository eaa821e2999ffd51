// Creates the Prisma client for the configured provider. Both generated clients have the same
// models; the PostgreSQL one lives in node_modules/.prisma/client-postgresql.
import { createRequire } from "node:module";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { type DatabaseConfig, ensureSqliteDirectory } from "./config";
import { TransactionTrackingPool, withDirectRawSql } from "./pg-direct";
import { trackedSqliteAdapter, withDirectSqlite } from "./sqlite-direct";
import { type Lane, serializedSqlite } from "./sqlite-serial";

export type Db = PrismaClient;
/** A client or an interactive transaction: what repository functions take. */
export type DbTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export type DbHandle = { db: Db; config: DatabaseConfig; close(): Promise<void> };

export type CreateDbOptions = {
  poolSize?: number;
  /**
   * PostgreSQL only: commit without waiting for the WAL flush (synchronous_commit=off). For
   * worker processes, whose every write is idempotent and re-applied from the inbox if a crash
   * loses the last instant of commits (WAL order keeps "marked processed" from surviving the
   * ledger write it follows). Never for the web process: an acknowledged webhook must be stored.
   * ADR 0010.
   */
  asyncCommit?: boolean;
};

/** How long an idle pooled PostgreSQL connection is kept before it is closed. */
export const POOL_IDLE_MS = 5 * 60_000;

export function createDb(config: DatabaseConfig, options: CreateDbOptions = {}): DbHandle {
  if (config.provider === "sqlite") {
    ensureSqliteDirectory(config);
    const { factory, connection } = trackedSqliteAdapter({ url: config.file, timeout: 15_000 });
    const prisma = new PrismaClient({ adapter: factory });
    // Requests commit durably (the WAL is synced before the commit returns); background work does
    // not wait for the disk: its writes are re-applied from the inbox or the next job run if a
    // crash loses them, and the next request's commit syncs them too (ADR 0015).
    let synchronous: Lane | undefined;
    const beforeTurn = async (lane: Lane) => {
      if (!connection()) await prisma.$connect();
      const sqlite = connection();
      if (!sqlite || synchronous === lane) return;
      sqlite.pragma(lane === "foreground" ? "synchronous = FULL" : "synchronous = NORMAL");
      synchronous = lane;
    };
    // Raw SQL on the connection itself (ADR 0014), and one operation at a time on it
    // (app/db/sqlite-serial.ts), raw SQL included.
    const db = serializedSqlite(withDirectSqlite(prisma, connection), { beforeTurn });
    return { db, config, close: () => prisma.$disconnect() };
  }
  const require = createRequire(import.meta.url);
  const { PrismaClient: PostgresClient } = require(".prisma/client-postgresql") as { PrismaClient: typeof PrismaClient };
  const pool = new TransactionTrackingPool({
    connectionString: config.connectionString,
    max: options.poolSize ?? 10,
    // A connection opened for a burst of requests is kept for the next one. pg's default closed it
    // after 10 s idle, and the next burst then waited for new connections, each a new PostgreSQL
    // backend with cold caches and every statement to prepare again: on the bench machine that
    // churn turned short stalls of /proxy/me into bursts of 40-70 slow requests (ADR 0016).
    idleTimeoutMillis: POOL_IDLE_MS,
    // Idle connections do not keep a process alive (a CLI run exits when its work is done).
    allowExitOnIdle: true,
    options: `-c search_path="${config.schema}"${options.asyncCommit ? " -c synchronous_commit=off" : ""}`,
  });
  const prisma = new PostgresClient({ adapter: new PrismaPg(pool, { schema: config.schema }) });
  // Raw SQL on the pg driver directly (ORM calls through Prisma), ADR 0011.
  const db = withDirectRawSql(prisma, pool);
  return {
    db,
    config,
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}
