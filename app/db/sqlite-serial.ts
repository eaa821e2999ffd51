// SQLite: one operation at a time on the connection. Prisma's SQLite adapter has a single
// connection; a statement sent outside an interactive transaction while one is open runs inside
// it, and is rolled back with it. In this app that lost writes: a webhook acknowledged while the
// in-process worker's transaction was open vanished when that transaction rolled back (test:
// test/integration/foundation/concurrent-writes.test.ts). So every operation on the client
// (model calls, raw SQL, transactions) waits its turn in one queue. Operations made through a
// transaction's `tx`, or from inside its callback, are the transaction's own and do not queue.
// SQLite has one writer anyway; what this costs is that a read waits for an open transaction.
// Requests go before queued background work (the inbox worker, jobs): ADR 0013.
import { AsyncLocalStorage } from "node:async_hooks";
import { isBackgroundWork } from "./work-priority";

/**
 * A lock with two lanes, each first come, first served: when the connection frees up, a waiting
 * foreground operation goes before any waiting background one (work-priority.ts). An operation
 * already running is never interrupted.
 */
export class TwoLaneQueue {
  private busy = false;
  private readonly waiting = { foreground: [] as Array<() => void>, background: [] as Array<() => void> };

  run<T>(task: () => Promise<T>, lane: Lane = "foreground"): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        // A task that throws before its first await still frees the lock.
        Promise.resolve()
          .then(task)
          .then(resolve, reject)
          .finally(() => this.next());
      };
      if (this.busy) this.waiting[lane].push(start);
      else {
        this.busy = true;
        start();
      }
    });
  }

  private next() {
    const start = this.waiting.foreground.shift() ?? this.waiting.background.shift();
    if (start) start();
    else this.busy = false;
  }
}

const ROOT_METHODS = new Set(["$queryRaw", "$executeRaw", "$queryRawUnsafe", "$executeRawUnsafe", "$transaction"]);

export type Lane = "foreground" | "background";

/**
 * `beforeTurn` runs at the start of each turn, before the operation, with the operation's lane
 * (client.ts sets how durably that lane commits, ADR 0015).
 */
export function serializedSqlite<T extends object>(client: T, options: { beforeTurn?: (lane: Lane) => Promise<void> | void } = {}): T {
  const queue = new TwoLaneQueue();
  const insideTransaction = new AsyncLocalStorage<true>();
  const { beforeTurn } = options;
  // Inside a transaction callback, the client's own operations join the transaction (as they
  // did before): queueing them would wait for the transaction that waits for them.
  const turn = <R>(task: () => Promise<R>): Promise<R> => {
    if (insideTransaction.getStore()) return task();
    const lane: Lane = isBackgroundWork() ? "background" : "foreground";
    return queue.run(beforeTurn ? async () => (await beforeTurn(lane), task()) : task, lane);
  };

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
