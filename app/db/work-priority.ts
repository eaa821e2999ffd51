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

/**
 * Resolves once no request has come in for `quietMs` (a page's browser has fetched its assets), or
 * after `maxMs`. For work streamed into a page after it was sent: on SQLite a query holds the
 * process while it runs, and the page's CSS must not wait behind it to be served.
 */
export async function afterRequestsSettle(quietMs = 100, maxMs = 1000): Promise<void> {
  const started = performance.now();
  for (;;) {
    const now = performance.now();
    if (now - lastRequestAt >= quietMs || now - started >= maxMs) return;
    await new Promise((resolve) => setTimeout(resolve, quietMs - (now - lastRequestAt)));
  }
}
