// What pg-direct.ts (PostgreSQL) and sqlite-direct.ts (SQLite) share: the four raw-SQL methods of
// a Prisma client, and a client (or transaction) with those methods replaced.
import { Prisma } from "@prisma/client";

export type RawMethods = {
  $queryRaw: <T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => Promise<T>;
  $executeRaw: (query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => Promise<number>;
  $queryRawUnsafe: <T = unknown>(text: string, ...values: unknown[]) => Promise<T>;
  $executeRawUnsafe: (text: string, ...values: unknown[]) => Promise<number>;
};

/** The statement of a raw call: `$queryRaw` is called as a tagged template, or with a Prisma.sql object. */
export const sqlOf = (first: TemplateStringsArray | Prisma.Sql, values: unknown[]): Prisma.Sql =>
  Array.isArray(first) ? Prisma.sql(first as TemplateStringsArray, ...values) : (first as Prisma.Sql);

/** `target` with the properties in `raw` replaced (everything else is the target's own, bound to it). */
export function withRaw<T extends object>(target: T, raw: Partial<Record<string | symbol, unknown>>): T {
  return new Proxy(target, {
    get(t, prop) {
      if (prop in raw) return raw[prop];
      const value = Reflect.get(t, prop, t) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(t) : value;
    },
  });
}
