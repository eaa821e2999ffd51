// PostgreSQL: plain SQL ($queryRaw / $executeRaw and their Unsafe forms) runs on the pg driver
// itself, not through Prisma. Prisma spends about 0.5 ms of CPU on each raw statement (its query
// interpreter and result mapping), four to five times what the statement costs in pg; the
// per-order path is a dozen such statements, and that overhead alone capped a worker below 100
// orders/s. ORM calls still go through Prisma. ADR 0011.
//
// Inside `$transaction(async (tx) => …)` both must share the transaction's connection. The pool
// hands Prisma that connection in `connect()`, called while starting the transaction; an
// AsyncLocalStorage context opened around the transaction catches it there, and the `tx` the
// callback receives sends its raw statements to it. Until it is known (never, in practice) they
// go through Prisma as before. Under NODE_ENV=test every transaction checks that the connection
// caught is Prisma's (same backend pid), so a Prisma upgrade that changes this fails the tests.
import { AsyncLocalStorage } from "node:async_hooks";
import { Prisma } from "@prisma/client";
import pg from "pg";
import { type RawMethods, sqlOf, withRaw } from "./raw-methods";

type TxContext = { client?: pg.PoolClient };
const transactionContext = new AsyncLocalStorage<TxContext>();

/** A pool that tells an open transaction context which connection Prisma took for it. */
export class TransactionTrackingPool extends pg.Pool {
  // pg's own query() calls connect(callback); only the promise form is Prisma's startTransaction.
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): Promise<pg.PoolClient> | void {
    if (callback) return super.connect(callback);
    const context = transactionContext.getStore();
    return super.connect().then((client) => {
      if (context && !context.client) context.client = client;
      return client;
    });
  }
}

// Results as Prisma's $queryRaw gives them: bigint for int8 (counts included), Date for
// timestamps (stored as UTC without a zone), Decimal for numeric.
const parsers: Record<number, (value: string) => unknown> = {
  20: (v) => BigInt(v),
  1114: (v) => new Date(`${v.replace(" ", "T")}Z`),
  1082: (v) => new Date(`${v}T00:00:00Z`),
  1700: (v) => new Prisma.Decimal(v),
};
const types = {
  getTypeParser: (oid: number, format?: string) =>
    (format === undefined || format === "text") && parsers[oid] ? parsers[oid] : pg.types.getTypeParser(oid, format as "text"),
};

// Parameters as Prisma sends them: timestamps as UTC (pg would write the process's local time).
function param(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Prisma.Decimal) return value.toString();
  return value;
}

type Queryable = Pick<pg.Pool, "query">;
type Statement = { name?: string; text: string; values: unknown[] };

// Statements written in the code (tagged templates) are prepared once per connection: PostgreSQL
// then skips parsing and planning them, which halved its CPU per statement on the bench machine.
// The texts are the code's own, so they are few; `Unsafe` texts may be built at run time and are
// not prepared. Caveat: a migration that changes a table's columns makes an already prepared
// `RETURNING *` fail on connections opened before it, until the process restarts (deploys
// migrate, then restart every process).
const preparedNames = new Map<string, string>();
const MAX_PREPARED = 2_000;
function preparedName(text: string): string | undefined {
  let name = preparedNames.get(text);
  if (!name && preparedNames.size < MAX_PREPARED) preparedNames.set(text, (name = `tally_${preparedNames.size}`));
  return name;
}

/** A raw call's statement, numbered as Prisma numbers it for PostgreSQL ($1, $2…). */
function statementOf(first: TemplateStringsArray | Prisma.Sql, values: unknown[]): Statement {
  const sql = sqlOf(first, values);
  return { name: preparedName(sql.text), text: sql.text, values: sql.values.map(param) };
}

const run = (on: Queryable, statement: Statement) => on.query({ ...statement, types: types as pg.CustomTypesConfig });
const rows = async <T>(on: Queryable, statement: Statement): Promise<T> => (await run(on, statement)).rows as T;
const count = async (on: Queryable, statement: Statement): Promise<number> => (await run(on, statement)).rowCount ?? 0;

function rawMethods(on: () => Queryable | undefined, fallback: RawMethods): RawMethods {
  return {
    $queryRaw: (query, ...values) => {
      const q = on();
      return q ? rows(q, statementOf(query, values)) : fallback.$queryRaw(query, ...values);
    },
    $executeRaw: (query, ...values) => {
      const q = on();
      return q ? count(q, statementOf(query, values)) : fallback.$executeRaw(query, ...values);
    },
    $queryRawUnsafe: (text, ...values) => {
      const q = on();
      return q ? rows(q, { text, values: values.map(param) }) : fallback.$queryRawUnsafe(text, ...values);
    },
    $executeRawUnsafe: (text, ...values) => {
      const q = on();
      return q ? count(q, { text, values: values.map(param) }) : fallback.$executeRawUnsafe(text, ...values);
    },
  };
}

const POSTGRES = Symbol("tally.postgres");
/**
 * Whether `db` (a client or a transaction from createDb) is PostgreSQL, for the few statements
 * written once more for it: several writes chained in one statement (data-modifying CTEs, which
 * SQLite lacks) save round trips on the hottest path.
 */
export const isPostgres = (db: object): boolean => (db as Record<symbol, unknown>)[POSTGRES] === true;

type TransactionFn = (tx: unknown) => Promise<unknown>;
type PrismaLike = RawMethods & { $transaction: (...args: unknown[]) => Promise<unknown> };

/** The Prisma client with raw SQL on `pool` directly, in and out of interactive transactions. */
export function withDirectRawSql<T extends object>(client: T, pool: TransactionTrackingPool): T {
  const prisma = client as unknown as PrismaLike;
  const checkConnection = process.env.NODE_ENV === "test";
  const $transaction = (first: unknown, ...rest: unknown[]) => {
    // The array form takes Prisma's own (lazy) query promises: left to Prisma.
    if (typeof first !== "function") return prisma.$transaction(first, ...rest);
    const fn = first as TransactionFn;
    const context: TxContext = {};
    return transactionContext.run(context, () =>
      prisma.$transaction(async (tx: unknown) => {
        const prismaTx = tx as PrismaLike;
        if (checkConnection && context.client) {
          const [row] = await prismaTx.$queryRaw<Array<{ pid: number }>>`SELECT pg_backend_pid() AS pid`;
          const pid = row?.pid;
          if (pid !== (context.client as unknown as { processID: number }).processID) {
            throw new Error("pg-direct: the connection caught is not the transaction's (see app/db/pg-direct.ts)");
          }
        }
        return fn(withRaw(tx as object, { ...rawMethods(() => context.client, prismaTx), [POSTGRES]: true }));
      }, ...rest),
    );
  };
  return withRaw(client, { ...rawMethods(() => pool, prisma), $transaction, [POSTGRES]: true });
}
