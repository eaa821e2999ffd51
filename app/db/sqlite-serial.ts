// SQLite: one operation at a time on the connection. Prisma's SQLite adapter has a single
// connection; a statement sent outside an interactive transaction while one is open runs inside
// it, and is rolled back with it. In this app that lost writes: a webhook acknowledged while the
// in-process worker's transaction was open vanished when that transaction rolled back (test:
// test/integration/foundation/concurrent-writes.test.ts). So every operation on the client
// (model calls, raw SQL, transactions) waits its turn in one queue. Operations made through a
// transaction's `tx`, or from inside its callback, are the transaction's own and do not queue.
// SQLite has one writer anyway; what this costs is that a read waits for an open transaction.
import { AsyncLocalStorage } from "node:async_hooks";

/** A first-come, first-served lock. */
class Queue {
  private tail: Promise<void> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

const ROOT_METHODS = new Set(["$queryRaw", "$executeRaw", "$queryRawUnsafe", "$executeRawUnsafe", "$transaction"]);

export function serializedSqlite<T extends object>(client: T): T {
  const queue = new Queue();
  const insideTransaction = new AsyncLocalStorage<true>();
  // Inside a transaction callback, the client's own operations join the transaction (as they
  // did before): queueing them would wait for the transaction that waits for them.
  const turn = <R>(task: () => Promise<R>): Promise<R> => (insideTransaction.getStore() ? task() : queue.run(task));

  const delegates = new Map<string | symbol, object>();
  const delegate = (name: string | symbol, target: object) => {
    let wrapped = delegates.get(name);
    if (!wrapped) {
      wrapped = new Proxy(target, {
        get(t, prop) {
          const value = Reflect.get(t, prop, t) as unknown;
          if (typeof value !== "function") return value;
          // Prisma's query promises are lazy: awaiting one inside the turn runs it there.
          return (...args: unknown[]) => turn(async () => (value as (...a: unknown[]) => Promise<unknown>).apply(t, args));
        },
      });
      delegates.set(name, wrapped);
    }
    return wrapped;
  };

  return new Proxy(client, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t) as unknown;
      if (typeof prop === "string" && ROOT_METHODS.has(prop)) {
        const method = value as (...args: unknown[]) => Promise<unknown>;
        if (prop === "$transaction") {
          return (first: unknown, ...rest: unknown[]) =>
            turn(() => (typeof first === "function" ? insideTransaction.run(true, () => method.call(t, first, ...rest)) : method.call(t, first, ...rest)));
        }
        return (...args: unknown[]) => turn(async () => method.apply(t, args));
      }
      if (typeof prop === "string" && !prop.startsWith("$") && !prop.startsWith("_") && value && typeof value === "object") return delegate(prop, value);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(t) : value;
    },
  });
}
