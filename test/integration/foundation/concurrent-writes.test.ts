// A write made outside a transaction while another transaction is open must not become part of
// it. On SQLite (one connection) it did: the write was rolled back with the other transaction,
// which lost webhooks acknowledged while the in-process worker's transaction was open.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { asBackgroundWork } from "../../../app/db/work-priority";
import { testDb, testProvider } from "../../support/test-db";

describe(`writes beside an open transaction on ${testProvider()}`, () => {
  it("keeps them when the transaction rolls back", async () => {
    const tag = randomUUID().slice(0, 8);
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const failing = testDb()
      .$transaction(async (tx) => {
        await tx.shop.create({ data: { domain: `inside-${tag}.myshopify.com` } });
        opened();
        await new Promise((r) => setTimeout(r, 200));
        throw new Error("rolled back");
      })
      .catch((error: Error) => error.message);
    await open;
    // Both kinds of write the app makes beside the worker: plain SQL (webhook intake) and ORM.
    const now = new Date();
    await testDb().$executeRaw`INSERT INTO "Shop" (id, domain, currency, "createdAt", "updatedAt") VALUES (${randomUUID()}, ${`raw-${tag}.myshopify.com`}, 'USD', ${now}, ${now})`;
    await testDb().shop.create({ data: { domain: `orm-${tag}.myshopify.com` } });
    expect(await failing).toBe("rolled back");
    const domains = (await testDb().shop.findMany({ where: { domain: { contains: tag } } })).map((s) => s.domain).sort();
    expect(domains).toEqual([`orm-${tag}.myshopify.com`, `raw-${tag}.myshopify.com`]);
  });

  it("lets a transaction's callback use the client itself without waiting for its own end", async () => {
    const tag = randomUUID().slice(0, 8);
    await testDb().$transaction(async (tx) => {
      await tx.shop.create({ data: { domain: `a-${tag}.myshopify.com` } });
      // Code called from inside a transaction may still reach for the client.
      await testDb().shop.findMany({ where: { domain: { contains: tag } } });
    });
    expect(await testDb().shop.count({ where: { domain: { contains: tag } } })).toBe(1);
  });
});

// The in-process worker applies webhooks while the same process acknowledges them: on SQLite's
// one connection, an acknowledgement must not wait behind the worker's queued statements.
describe.runIf(testProvider() === "sqlite")("requests and background work on one SQLite connection", () => {
  it("serves a request's statement before background statements queued earlier", async () => {
    const tag = randomUUID().slice(0, 8);
    const finished: string[] = [];
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const background = asBackgroundWork(() => [
      testDb().$transaction(async (tx) => {
        await tx.shop.create({ data: { domain: `bg-tx-${tag}.myshopify.com` } });
        opened();
        await new Promise((r) => setTimeout(r, 100));
      }),
      ...[1, 2, 3].map((n) => testDb().shop.create({ data: { domain: `bg-${n}-${tag}.myshopify.com` } }).then(() => finished.push(`bg-${n}`))),
    ]);
    await open;
    const now = new Date();
    await testDb().$executeRaw`INSERT INTO "Shop" (id, domain, currency, "createdAt", "updatedAt") VALUES (${randomUUID()}, ${`request-${tag}.myshopify.com`}, 'USD', ${now}, ${now})`;
    finished.push("request");
    await Promise.all(background);
    expect(finished).toEqual(["request", "bg-1", "bg-2", "bg-3"]);
    expect(await testDb().shop.count({ where: { domain: { contains: tag } } })).toBe(5);
  });

  it("commits a request's writes durably (WAL synced) and background writes without waiting for the disk", async () => {
    // SQLite's synchronous levels: 1 NORMAL (no sync at commit), 2 FULL (WAL synced at commit).
    const level = async () => Number((await testDb().$queryRaw<Array<{ synchronous: bigint }>>`PRAGMA synchronous`)[0]!.synchronous);
    expect(await level()).toBe(2);
    expect(await asBackgroundWork(level)).toBe(1);
    expect(await level()).toBe(2);
    // A background transaction, and a request's transaction after it.
    const inTransaction = () => testDb().$transaction(async (tx) => Number((await tx.$queryRaw<Array<{ synchronous: bigint }>>`PRAGMA synchronous`)[0]!.synchronous));
    expect(await asBackgroundWork(inTransaction)).toBe(1);
    expect(await inTransaction()).toBe(2);
  });
});
