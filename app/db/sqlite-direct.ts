// SQLite: plain SQL ($queryRaw / $executeRaw and their Unsafe forms) runs on the better-sqlite3
// connection itself, not through Prisma's query interpreter. Measured on the 2-core bench
// machine, Prisma's layers (client, interpreter, adapter, and a fresh `prepare` of the text every
// time) were about two thirds of the CPU of applying an order in the inbox worker, which on
// SQLite shares the web process's one thread with acknowledging webhooks. ORM calls still go
// through Prisma. The PostgreSQL counterpart is pg-direct.ts (ADR 0011); this one is ADR 0014.
//
// There is one connection: Prisma's adapter opens it, and we take it from the adapter when Prisma
// connects. Every operation already takes its turn on it (sqlite-serial.ts), so a statement sent
// from inside a transaction's callback runs inside that transaction, as through Prisma. Values
// come back exactly as Prisma's $queryRaw gives them (test/integration/foundation/raw-sql.test.ts
// compares the two on every column type and on computed columns).
import type BetterSqlite3 from "better-sqlite3";
import { Prisma } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { type RawMethods, sqlOf, withRaw } from "./raw-methods";

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[], unknown[]>;

/** Prisma's adapter factory for `file`, and the connection it opened once Prisma has connected. */
export function trackedSqliteAdapter(config: { url: string; timeout: number }) {
  const factory = new PrismaBetterSQLite3(config);
  let database: Database | undefined;
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const client = (adapter as unknown as { client?: Database }).client;
    // A Prisma upgrade that renames the field falls back to Prisma for raw SQL (slower, still right).
    if (client && typeof client.prepare === "function" && typeof client.inTransaction === "boolean") database = client;
    return adapter;
  };
  return { factory, connection: () => database };
}

// How Prisma types a raw result column on SQLite: by the column's declared type, or, for computed
// columns (no declared type), by the first non-null value (integers are bigint: the adapter
// reads with safe integers).
type Kind = "int" | "bigint" | "bool" | "datetime" | "decimal" | "number" | "text" | "bytes";
const DECLARED: Record<string, Kind> = {
  TINYINT: "int", SMALLINT: "int", MEDIUMINT: "int", INT: "int", INTEGER: "int", SERIAL: "int", INT2: "int",
  BIGINT: "bigint", "UNSIGNED BIG INT": "bigint", INT8: "bigint",
  BOOLEAN: "bool",
  DATETIME: "datetime", TIMESTAMP: "datetime", DATE: "datetime",
  DECIMAL: "decimal",
  FLOAT: "number", DOUBLE: "number", "DOUBLE PRECISION": "number", NUMERIC: "number", REAL: "number",
  TEXT: "text", CLOB: "text", CHARACTER: "text", VARCHAR: "text", "VARYING CHARACTER": "text", NCHAR: "text", "NATIVE CHARACTER": "text", NVARCHAR: "text",
  BLOB: "bytes",
};

const inferred = (value: unknown): Kind =>
  typeof value === "bigint" ? "bigint" : typeof value === "number" ? "number" : typeof value === "string" ? "text" : "bytes";

function convert(value: unknown, kind: Kind): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case "int":
      return Math.trunc(Number(value));
    case "bigint":
      return typeof value === "bigint" ? value : typeof value === "string" ? BigInt(value) : BigInt(Math.trunc(Number(value)));
    case "bool":
      return typeof value === "string" ? value === "true" || value === "1" : Number(value) === 1;
    case "datetime":
      return typeof value === "string" ? new Date(value) : new Date(Number(value));
    case "decimal":
      return new Prisma.Decimal(String(value));
    case "number":
      return Number(value);
    case "text":
      return typeof value === "bigint" ? value.toString() : value;
    case "bytes":
      return new Uint8Array(value as Buffer);
  }
}

// Parameters as Prisma's adapter binds them: timestamps as ISO 8601 text, booleans as 0/1.
function param(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Prisma.Decimal) return Number.parseFloat(value.toString());
  if (value !== null && typeof value === "object" && !Buffer.isBuffer(value) && !(value instanceof Uint8Array)) return JSON.stringify(value);
  return value;
}

type Prepared = { statement: Statement; columns: string[]; declared: Array<Kind | undefined> };

// Statements written in the code (tagged templates) are prepared once and kept: compiling the text
// was a sixth of the worker's CPU. `Unsafe` texts may be built at run time and are not kept.
const MAX_KEPT = 2_000;
const kept = new WeakMap<Database, Map<string, Prepared>>();
function prepare(db: Database, text: string, keep: boolean): Prepared {
  let cache = kept.get(db);
  if (!cache) kept.set(db, (cache = new Map()));
  const found = cache.get(text);
  if (found) return found;
  const statement = db.prepare(text) as Statement;
  const described = statement.reader ? statement.columns() : [];
  if (statement.reader) statement.raw(true);
  const prepared = { statement, columns: described.map((c) => c.name), declared: described.map((c) => (c.type ? DECLARED[c.type.toUpperCase()] : undefined)) };
  if (keep && cache.size < MAX_KEPT) cache.set(text, prepared);
  return prepared;
}

function queryRows(db: Database, text: string, values: unknown[], keep: boolean): Array<Record<string, unknown>> {
  const { statement, columns, declared } = prepare(db, text, keep);
  if (!statement.reader) {
    statement.run(...values.map(param));
    return [];
  }
  const raw = statement.all(...values.map(param)) as unknown[][];
  const kinds = declared.map((kind, i) => kind ?? inferred(raw.find((row) => row[i] !== null)?.[i] ?? 0n));
  return raw.map((row) => {
    const record: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) record[columns[i]!] = convert(row[i], kinds[i]!);
    return record;
  });
}

const executeCount = (db: Database, text: string, values: unknown[], keep: boolean): number =>
  prepare(db, text, keep).statement.run(...values.map(param)).changes;

// Synchronous work returned as a settled promise; a failing statement rejects, as through Prisma.
const settle = <T>(work: () => T): Promise<T> => {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error);
  }
};

function rawMethods(connection: () => Database | undefined, fallback: RawMethods): RawMethods {
  return {
    $queryRaw: <T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => {
      const db = connection();
      if (!db) return fallback.$queryRaw<T>(query, ...values);
      const sql = sqlOf(query, values); // `sql.sql`: SQLite's `?` placeholders
      return settle(() => queryRows(db, sql.sql, sql.values, true) as T);
    },
    $executeRaw: (query, ...values) => {
      const db = connection();
      if (!db) return fallback.$executeRaw(query, ...values);
      const sql = sqlOf(query, values);
      return settle(() => executeCount(db, sql.sql, sql.values, true));
    },
    $queryRawUnsafe: <T>(text: string, ...values: unknown[]) => {
      const db = connection();
      return db ? settle(() => queryRows(db, text, values, false) as T) : fallback.$queryRawUnsafe<T>(text, ...values);
    },
    $executeRawUnsafe: (text, ...values) => {
      const db = connection();
      return db ? settle(() => executeCount(db, text, values, false)) : fallback.$executeRawUnsafe(text, ...values);
    },
  };
}

const CONNECTION = Symbol("tally.sqliteConnection");
/** The connection raw SQL of `db` (a client from createDb) runs on directly; undefined: through Prisma. */
export const directSqliteConnection = (db: object): Database | undefined =>
  (db as Record<symbol, (() => Database | undefined) | undefined>)[CONNECTION]?.();

type PrismaLike = RawMethods & { $transaction: (...args: unknown[]) => Promise<unknown> };

/**
 * The Prisma client with raw SQL on `connection()` directly, in and out of interactive
 * transactions. Until Prisma has connected (its first operation), raw SQL goes through Prisma.
 */
export function withDirectSqlite<T extends object>(client: T, connection: () => Database | undefined): T {
  const prisma = client as unknown as PrismaLike;
  const $transaction = (first: unknown, ...rest: unknown[]) => {
    // The array form takes Prisma's own (lazy) query promises: left to Prisma.
    if (typeof first !== "function") return prisma.$transaction(first, ...rest);
    const fn = first as (tx: unknown) => Promise<unknown>;
    return prisma.$transaction((tx: unknown) => fn(withRaw(tx as object, rawMethods(connection, tx as PrismaLike))), ...rest);
  };
  return withRaw(client, { ...rawMethods(connection, prisma), $transaction, [CONNECTION]: connection });
}
