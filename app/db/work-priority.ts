// Which work is background work: the inbox worker and the periodic jobs. On SQLite, where every
// database operation takes its turn on one connection (sqlite-serial.ts), operations of requests
// someone is waiting for (Shopify for its acknowledgement, a shopper, staff) go before queued
// background operations; the inbox absorbs what the worker has not applied yet.
import { AsyncLocalStorage } from "node:async_hooks";

const background = new AsyncLocalStorage<true>();

/** Runs `work` (and everything it starts) as background work. */
export const asBackgroundWork = <T>(work: () => T): T => background.run(true, work);

export const isBackgroundWork = (): boolean => background.getStore() === true;

let lastRequestAt = Number.NEGATIVE_INFINITY;

/** Called for every HTTP request the process serves (app/server/start.ts, through the build). */
export const noteRequest = () => {
  lastRequestAt = performance.now();
};

/**
 * Whether requests are coming in (one within the last second). The in-process worker then keeps
 * to its share of time (TALLY_WORKER_DUTY); when none are, it applies at full speed.
 */
export const requestsArriving = () => performance.now() - lastRequestAt < 1000;
