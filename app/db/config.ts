// Which database the app uses. SQLite (a file under the data folder) unless DATABASE_URL says
// otherwise; PostgreSQL for real load and several app instances.
import fs from "node:fs";
import path from "node:path";

export type RawEnv = Record<string, string | undefined>;

export type DatabaseConfig =
  | { provider: "sqlite"; file: string }
  | { provider: "postgresql"; connectionString: string; schema: string };

export class DatabaseConfigError extends Error {
  override name = "DatabaseConfigError";
}

export function defaultSqliteFile(env: RawEnv = process.env): string {
  const dataDir = path.resolve(env.TALLY_DATA_DIR || "data");
  return path.join(dataDir, "tally.sqlite");
}

export function databaseConfigFromEnv(env: RawEnv = process.env): DatabaseConfig {
  const url = env.DATABASE_URL?.trim();
  if (!url) return { provider: "sqlite", file: defaultSqliteFile(env) };
  if (url.startsWith("file:")) {
    const file = url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
    if (!file) throw new DatabaseConfigError("DATABASE_URL=file: needs a path, e.g. file:./data/tally.sqlite");
    return { provider: "sqlite", file: path.resolve(file) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new DatabaseConfigError("DATABASE_URL is not a valid postgresql:// URL");
    }
    // `?schema=` is Prisma's convention; pg itself does not know it, so it is taken out here and
    // applied as the search_path of every connection.
    const schema = parsed.searchParams.get("schema") || "public";
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
      throw new DatabaseConfigError(`DATABASE_URL schema "${schema}" is not a plain identifier`);
    }
    parsed.searchParams.delete("schema");
    return { provider: "postgresql", connectionString: parsed.toString(), schema };
  }
  throw new DatabaseConfigError(
    "DATABASE_URL must start with postgresql:// (or postgres://) or file:; leave it unset for the embedded SQLite database",
  );
}

export function ensureSqliteDirectory(config: DatabaseConfig): void {
  if (config.provider === "sqlite") fs.mkdirSync(path.dirname(config.file), { recursive: true });
}

export function describeDatabase(config: DatabaseConfig): string {
  if (config.provider === "sqlite") return `sqlite ${config.file}`;
  const u = new URL(config.connectionString);
  return `postgresql ${u.host}${u.pathname} (schema ${config.schema})`;
}
