// The inbox worker: claims stored webhook deliveries and applies them with the topic's handler.
// A failure is retried with backoff; a permanent failure, or one that outlives its attempts, is
// marked failed with its reason and stays visible (admin Activity page, `npm run cli -- inbox`).
import { randomUUID } from "node:crypto";
import { Prisma } from "@prisma/client";
import type { Db } from "../../db/client";
import { logger } from "../../lib/logger";
import type { DatabaseConfig } from "../../db/config";
import { requestsArriving } from "../../db/work-priority";
import { CustomerRedactedError } from "../compliance/tombstone.server";
import { type ClaimedDelivery, claimDeliveries } from "./claim.server";

const log = logger("inbox");

/** Thrown by a handler when retrying cannot help (the payload is invalid). */
export class PermanentDeliveryError extends Error {
  override name = "PermanentDeliveryError";
}

export type DeliveryHandler = (db: Db, delivery: ClaimedDelivery) => Promise<void>;
export type DeliveryHandlers = Record<string, DeliveryHandler>;

export const MAX_ATTEMPTS = 8;
/** Backoff after the n-th failed attempt: 2 s, 8 s, 32 s, … capped at one hour. */
export const backoffMs = (attempt: number) => Math.min(2000 * 4 ** (attempt - 1), 3_600_000);

export type WorkerOptions = {
  db: Db;
  provider: DatabaseConfig["provider"];
  handlers: DeliveryHandlers;
  workerId?: string;
  batchSize?: number;
  now?: () => Date;
};

async function applyOne(options: WorkerOptions, delivery: ClaimedDelivery): Promise<"processed" | "retry" | "failed"> {
  const { db, handlers } = options;
  const now = options.now?.() ?? new Date();
  const handler = handlers[delivery.topic];
  try {
    if (!handler) throw new PermanentDeliveryError(`no handler for topic ${delivery.topic}`);
    await handler(db, delivery);
    return "processed";
  } catch (error) {
    if (error instanceof CustomerRedactedError) {
      // A late delivery about a customer erased by customers/redact: nothing is applied for them,
      // and their data is not kept (docs/privacy.md). Counted as processed; there is no row left.
      await db.webhookDelivery.deleteMany({ where: { id: delivery.id, shopDomain: delivery.shopDomain } });
      return "processed";
    }
    const permanent = error instanceof PermanentDeliveryError || delivery.attempts >= MAX_ATTEMPTS;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await db.webhookDelivery.update({
      where: { id: delivery.id },
      data: permanent
        ? { status: "failed", lastError: reason, lockedBy: null, lockedAt: null }
        : {
            status: "received",
            lastError: reason,
            lockedBy: null,
            lockedAt: null,
            nextAttemptAt: new Date(now.getTime() + backoffMs(delivery.attempts)),
          },
    });
    if (!(error instanceof PermanentDeliveryError)) log.warn(`${delivery.topic} ${delivery.id} attempt ${delivery.attempts}`, reason);
    return permanent ? "failed" : "retry";
  }
}

async function markProcessed(db: Db, ids: string[]) {
  await db.$executeRaw`UPDATE "WebhookDelivery" SET status = 'processed', "processedAt" = ${new Date()}, "lockedBy" = NULL, "lockedAt" = NULL, "lastError" = NULL WHERE id IN (${Prisma.join(ids)})`;
}

/** Claims and applies one batch; returns how many deliveries it handled. */
export async function processInboxBatch(options: WorkerOptions): Promise<number> {
  const workerId = options.workerId ?? `worker-${randomUUID()}`;
  const now = options.now?.() ?? new Date();
  const batch = await claimDeliveries(options.db, options.provider, workerId, options.batchSize ?? 25, now);
  const processed: string[] = [];
  try {
    for (const delivery of batch) if ((await applyOne(options, delivery)) === "processed") processed.push(delivery.id);
  } finally {
    // Marked processed together, one statement per batch: until then they stay "processing" under
    // this worker's claim, and a crash before it re-applies them later (every handler is
    // idempotent). No row when shop/redact deleted the shop's deliveries, these included.
    if (processed.length) await markProcessed(options.db, processed);
  }
  return batch.length;
}

/** Applies everything that is due now (tests, the CLI, reconciliation). */
export async function drainInbox(options: WorkerOptions): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await processInboxBatch(options);
    if (n === 0) return total;
    total += n;
  }
}

export type RunningWorker = { stop(): Promise<void>; wake(): void };

/**
 * Polls the inbox until stopped. `wake()` skips the wait (called when a delivery arrives).
 * `duty` (0–1] caps the share of time spent applying deliveries while requests are coming in: the
 * in-process worker shares one event loop with the HTTP server, and acknowledging Shopify within
 * its 5 s matters more than applying a burst a little sooner (the inbox absorbs it). With no
 * request for a second, it applies at full speed.
 */
export function startInboxWorker(options: WorkerOptions & { idleMs?: number; duty?: number; pause?: (ms: number) => Promise<void> }): RunningWorker {
  const duty = Math.min(1, Math.max(0.05, options.duty ?? 1));
  const workerId = options.workerId ?? `worker-${randomUUID()}`;
  let stopped = false;
  let wakeUp: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      let handled = 0;
      const started = performance.now();
      try {
        // Sharing the event loop (duty < 1): small batches, so the pauses between them come often
        // and a burst of acknowledgements never waits behind a long run of orders.
        handled = await processInboxBatch({ ...options, workerId, batchSize: options.batchSize ?? (duty < 1 ? 5 : 25) });
      } catch (error) {
        log.error("worker batch failed", error);
      }
      if (handled > 0 && duty < 1 && !stopped && requestsArriving()) {
        const busy = performance.now() - started;
        const ms = (busy * (1 - duty)) / duty;
        await (options.pause ? options.pause(ms) : new Promise((resolve) => setTimeout(resolve, ms)));
      }
      if (handled === 0 && !stopped) {
        await new Promise<void>((resolve) => {
          wakeUp = resolve;
          setTimeout(resolve, options.idleMs ?? 500);
        });
      }
    }
  })();
  return {
    wake: () => wakeUp?.(),
    stop: async () => {
      stopped = true;
      wakeUp?.();
      await loop;
    },
  };
}
