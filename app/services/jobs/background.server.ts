// Background work of a running app instance: the webhook inbox worker and the periodic jobs
// (reconciliation against the Admin API). Started by app/server/start.ts unless TALLY_WORKER=off.
import type { Db } from "../../db/client";
import { logger } from "../../lib/logger";
import type { DatabaseConfig } from "../../db/config";
import { asBackgroundWork } from "../../db/work-priority";
import { startInboxWorker } from "../inbox/worker.server";
import type { DeliveryHandlers } from "../inbox/worker.server";

const log = logger("jobs");

export type PeriodicJob = { name: string; everyMs: number; run: () => Promise<unknown> };

let wakeWorker: (() => void) | undefined;
/** Called when a webhook was stored, so the in-process worker applies it without waiting to poll. */
export const notifyDeliveryStored = () => wakeWorker?.();

export function startBackgroundJobs(options: Parameters<typeof startJobs>[0]) {
  // Everything started here (loops, timers and what they call) is background work: on SQLite,
  // requests go before it for the one connection (ADR 0013).
  return asBackgroundWork(() => startJobs(options));
}

function startJobs(options: {
  db: Db;
  provider: DatabaseConfig["provider"];
  handlers: DeliveryHandlers;
  jobs?: PeriodicJob[];
  /** Share of time the in-process worker may spend applying deliveries (TALLY_WORKER_DUTY). */
  workerDuty?: number;
  /** Inbox loops (TALLY_WORKER_LOOPS; PostgreSQL claims with SKIP LOCKED, SQLite runs one). */
  workerLoops?: number;
}) {
  const loops = options.provider === "sqlite" ? 1 : Math.max(1, options.workerLoops ?? 1);
  const workers = Array.from({ length: loops }, () => startInboxWorker({ db: options.db, provider: options.provider, handlers: options.handlers, duty: options.workerDuty }));
  const worker = {
    wake: () => workers.forEach((w) => w.wake()),
    stop: () => Promise.all(workers.map((w) => w.stop())).then(() => undefined),
  };
  wakeWorker = worker.wake;
  const timers = (options.jobs ?? []).map((job) => {
    let running = false;
    return setInterval(() => {
      // A slow run is never overlapped by the next tick.
      if (running) return;
      running = true;
      job
        .run()
        .catch((error: unknown) => log.error(`${job.name} failed`, error))
        .finally(() => (running = false));
    }, job.everyMs);
  });
  return {
    wake: worker.wake,
    stop: async () => {
      for (const t of timers) clearInterval(t);
      wakeWorker = undefined;
      await worker.stop();
    },
  };
}
