import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type ClaimedDelivery, STALE_LOCK_MS } from "../../../app/services/inbox/claim.server";
import { drainInbox, MAX_ATTEMPTS, PermanentDeliveryError, processInboxBatch, startInboxWorker } from "../../../app/services/inbox/worker.server";
import { noteRequest } from "../../../app/db/work-priority";
import { eventually } from "../../support/app-with-standin";
import { testDb, testProvider } from "../../support/test-db";

async function store(topic: string, orderingKey: string, receivedAt: Date, payload = "{}") {
  return testDb().webhookDelivery.create({
    data: { shopDomain: "demo-bath.myshopify.com", webhookId: randomUUID(), topic, orderingKey, payload, receivedAt, nextAttemptAt: receivedAt },
  });
}

describe(`inbox worker on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("applies deliveries in arrival order per ordering key and marks them processed", async () => {
    const t0 = new Date("2026-01-01T00:00:00Z");
    const a1 = await store("test/seen", "customer:a", new Date(t0.getTime() + 1));
    const b1 = await store("test/seen", "customer:b", new Date(t0.getTime() + 2));
    const a2 = await store("test/seen", "customer:a", new Date(t0.getTime() + 3));
    const seen: string[] = [];
    const handlers = { "test/seen": async (_db: unknown, d: ClaimedDelivery) => void seen.push(d.id) };
    // One batch may take only the first delivery of each key.
    const first = await processInboxBatch({ db: testDb(), provider: testProvider(), handlers, batchSize: 10 });
    expect(first).toBe(2);
    expect(seen).toEqual([a1.id, b1.id]);
    await drainInbox({ db: testDb(), provider: testProvider(), handlers });
    expect(seen).toEqual([a1.id, b1.id, a2.id]);
    const statuses = await testDb().webhookDelivery.findMany({ where: { topic: "test/seen" }, select: { status: true, processedAt: true } });
    expect(statuses.every((s) => s.status === "processed" && s.processedAt)).toBe(true);
  });

  it("claims again a delivery a crashed worker left processing, once its claim is stale", async () => {
    const t0 = new Date("2026-04-01T00:00:00Z");
    const orphan = await store("test/orphan", "customer:o", t0);
    const later = await store("test/orphan", "customer:o", new Date(t0.getTime() + 1));
    await testDb().webhookDelivery.update({ where: { id: orphan.id }, data: { status: "processing", lockedBy: "crashed", lockedAt: t0, attempts: 1 } });
    const seen: string[] = [];
    const handlers = { "test/orphan": async (_db: unknown, d: ClaimedDelivery) => void seen.push(d.id) };
    // Within the stale timeout the claim is respected, and the member's next delivery waits.
    const early = new Date(t0.getTime() + STALE_LOCK_MS - 1000);
    expect(await drainInbox({ db: testDb(), provider: testProvider(), handlers, now: () => early })).toBe(0);
    const late = new Date(t0.getTime() + STALE_LOCK_MS + 10_000);
    await drainInbox({ db: testDb(), provider: testProvider(), handlers, now: () => late });
    expect(seen).toEqual([orphan.id, later.id]);
    expect(await testDb().webhookDelivery.findUniqueOrThrow({ where: { id: orphan.id } })).toMatchObject({ status: "processed", attempts: 2 });
  });

  it("retries a failing delivery with backoff, holding back later ones for the same key", async () => {
    const t0 = new Date("2026-02-01T00:00:00Z");
    const flaky = await store("test/flaky", "customer:c", t0);
    const after = await store("test/flaky", "customer:c", new Date(t0.getTime() + 1));
    let calls = 0;
    const handlers = {
      "test/flaky": async (_db: unknown, d: ClaimedDelivery) => {
        if (d.id === flaky.id && ++calls < 3) throw new Error("Admin API timed out");
      },
    };
    let now = new Date("2026-02-01T00:00:10Z");
    const options = { db: testDb(), provider: testProvider(), handlers, now: () => now };
    expect(await drainInbox(options)).toBe(1);
    let row = await testDb().webhookDelivery.findUniqueOrThrow({ where: { id: flaky.id } });
    expect(row).toMatchObject({ status: "received", attempts: 1, lastError: "Error: Admin API timed out" });
    expect(row.nextAttemptAt.getTime()).toBe(now.getTime() + 2000);
    // Not due yet: nothing is claimed, and the later delivery for the same member waits too.
    expect(await drainInbox(options)).toBe(0);
    now = new Date(now.getTime() + 2000);
    await drainInbox(options);
    now = new Date(now.getTime() + 60_000);
    await drainInbox(options);
    row = await testDb().webhookDelivery.findUniqueOrThrow({ where: { id: flaky.id } });
    expect(row).toMatchObject({ status: "processed", attempts: 3, lastError: null });
    expect((await testDb().webhookDelivery.findUniqueOrThrow({ where: { id: after.id } })).status).toBe("processed");
  });

  it("marks a permanent failure failed at once, with its reason, and never drops it", async () => {
    const bad = await store("test/invalid", "customer:d", new Date("2026-03-01T00:00:00Z"));
    const handlers = {
      "test/invalid": async () => {
        throw new PermanentDeliveryError("line_items[0].price is not a decimal");
      },
    };
    await drainInbox({ db: testDb(), provider: testProvider(), handlers });
    expect(await testDb().webhookDelivery.findUniqueOrThrow({ where: { id: bad.id } })).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: "PermanentDeliveryError: line_items[0].price is not a decimal",
    });
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts and keeps the last reason`, async () => {
    const stuck = await store("test/down", "customer:e", new Date("2026-04-01T00:00:00Z"));
    let now = new Date("2026-04-01T00:00:01Z");
    const handlers = { "test/down": async () => Promise.reject(new Error("still down")) };
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await drainInbox({ db: testDb(), provider: testProvider(), handlers, now: () => now });
      now = new Date(now.getTime() + 3_600_000);
    }
    expect(await testDb().webhookDelivery.findUniqueOrThrow({ where: { id: stuck.id } })).toMatchObject({
      status: "failed",
      attempts: MAX_ATTEMPTS,
      lastError: "Error: still down",
    });
  });

  it("fails a delivery whose topic has no handler instead of losing it", async () => {
    const orphan = await store("test/unknown", "shop", new Date("2026-05-01T00:00:00Z"));
    await drainInbox({ db: testDb(), provider: testProvider(), handlers: {} });
    expect((await testDb().webhookDelivery.findUniqueOrThrow({ where: { id: orphan.id } })).lastError).toMatch(/no handler/);
  });
  it("keeps to its share of time (duty) only while requests are coming in", async () => {
    // Dated long ago, so that only these are due at the worker's `now`.
    const t0 = new Date("2001-01-01T00:00:00Z");
    const now = () => new Date(t0.getTime() + 60_000);
    const applied: string[] = [];
    const pauses: number[] = [];
    const handlers = { "test/duty": async (_db: unknown, d: ClaimedDelivery) => void applied.push(d.id) };
    const applyThree = async (round: number) => {
      for (let i = 0; i < 3; i++) await store("test/duty", `customer:duty-${round}-${i}`, new Date(t0.getTime() + round * 10 + i));
      const before = applied.length;
      const worker = startInboxWorker({ db: testDb(), provider: testProvider(), handlers, now, duty: 0.5, batchSize: 1, idleMs: 20, pause: async (ms) => void pauses.push(ms) });
      await eventually(async () => applied.length === before + 3);
      await worker.stop();
    };
    // No request has come in: full speed, no pause.
    await applyThree(1);
    expect(pauses).toEqual([]);
    // A request just came in: a pause after each delivery applied.
    noteRequest();
    await applyThree(2);
    expect(pauses).toHaveLength(3);
    expect(pauses.every((ms) => ms >= 0)).toBe(true);
  });
});
