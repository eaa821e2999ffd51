// Applies prisma/migrations/<provider>/*/migration.sql in order, each in its own transaction, and
// records them in a table compatible with Prisma's `_prisma_migrations`. Prisma's CLI cannot
// apply migrations to PostgreSQL offline, so one small runner serves both providers
// (docs/decisions/0001-databases-and-migrations.md). Start-up runs it; it is safe to run from
// several instances at once (PostgreSQL advisory lock, SQLite write lock).
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { type DatabaseConfig, ensureSqliteDirectory } from "./config";

export type Migration = { name: string; sql: string; checksum: string };
export type MigrationResult = { applied: string[]; alreadyApplied: number };

export function migrationsRoot(): string {
  return process.env.TALLY_MIGRATIONS_DIR || path.resolve(process.cwd(), "prisma/migrations");
}

export function readMigrations(provider: DatabaseConfig["provider"], root = migrationsRoot()): Migration[] {
  const dir = path.join(root, provider);
  if (!fs.existsSync(dir)) throw new Error(`No migrations folder at ${dir}`);
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, "migration.sql")))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function assertUnchanged(migration: Migration, recordedChecksum: string): void {
  if (recordedChecksum !== migration.checksum) {
    throw new Error(
      `Migration ${migration.name} was edited after it was applied (checksum differs). Add a new migration instead.`,
    );
  }
}

export async function migrate(config: DatabaseConfig, root = migrationsRoot()): Promise<MigrationResult> {
  const migrations = readMigrations(config.provider, root);
  return config.provider === "sqlite" ? migrateSqlite(config.file, migrations) : migratePostgres(config, migrations);
}

function migrateSqlite(file: string, migrations: Migration[]): MigrationResult {
  ensureSqliteDirectory({ provider: "sqlite", file });
  const db = new Database(file, { timeout: 15_000 });
  try {
    db.pragma("journal_mode = WAL");
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    const applied: string[] = [];
    let alreadyApplied = 0;
    for (const migration of migrations) {
      // IMMEDIATE takes the write lock first, so a second process waits instead of racing.
      db.exec("BEGIN IMMEDIATE");
      try {
        const row = db
          .prepare(`SELECT checksum FROM "_prisma_migrations" WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL`)
          .get(migration.name) as { checksum: string } | undefined;
        if (row) {
          assertUnchanged(migration, row.checksum);
          alreadyApplied++;
          db.exec("COMMIT");
          continue;
        }
        db.exec(migration.sql);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES (?, ?, current_timestamp, ?, current_timestamp, 1)`,
        ).run(randomUUID(), migration.checksum, migration.name);
        db.exec("COMMIT");
        applied.push(migration.name);
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
    }
    return { applied, alreadyApplied };
  } finally {
    db.close();
  }
}

async function migratePostgres(
  config: Extract<DatabaseConfig, { provider: "postgresql" }>,
  migrations: Migration[],
): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: config.connectionString });
  await client.connect();
  const schema = `"${config.schema}"`;
  try {
    // One instance migrates at a time; the others wait here, then find nothing left to do.
    await client.query("SELECT pg_advisory_lock(hashtext('tally-rewards:migrate'))");
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET search_path TO ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ,
      migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ,
      started_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_steps_count INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    const applied: string[] = [];
    for (const migration of migrations) {
      const recorded = done.get(migration.name);
      if (recorded) {
        assertUnchanged(migration, recorded);
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query("COMMIT");
        applied.push(migration.name);
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    return { applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    await client.query("SELECT pg_advisory_unlock_all()").catch(() => undefined);
    await client.end();
  }
}
