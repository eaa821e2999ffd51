// Pending points (earn.pendingDays) on a real database with an injected clock: an order's points
// wait for the return window in the shop's time zone, a refund or cancellation before release
// cancels pending points (never the balance), the release is idempotent, and /proxy/me shows them.
import { describe, expect, it } from "vitest";
import { businessKeys } from "../../../app/loyalty/ledger";
import { defaultProgramSettings } from "../../../app/loyalty/program-settings";
import { earnOnOrder } from "../../../app/services/earning/earn-order.server";
import { recordCancellation, recordRefund } from "../../../app/services/earning/reverse-order.server";
import { pointsDailyJob } from "../../../app/services/expiry/expiry-job.server";
import { replayShop } from "../../../app/services/ledger/replay.server";
import { releasePendingPoints } from "../../../app/services/pending/release-pending.server";
import { saveProgramSettings } from "../../../app/services/program/settings.server";
import { memberView } from "../../../app/services/storefront/member-view.server";
import { bigId, line, order, refundOf } from "../../support/orders";
import { testDb } from "../../support/test-db";

const at = (iso: string) => new Date(iso);

async function shopWith(pendingDays: number, timezone = "America/Los_Angeles", extra: Record<string, unknown> = {}) {
  const shop = await testDb().shop.create({ data: { domain: `pending-${bigId()}.myshopify.com`, timezone } });
  const defaults = defaultProgramSettings();
  await saveProgramSettings(testDb(), shop.id, { ...defaults, ...extra, earn: { ...defaults.earn, pendingDays } });
  return shop;
}

/** A two-unit order of `minor` placed and paid at `now` (1 point per 1.00). */
async function earnAt(shopId: string, customerId: string, minor: bigint, now: Date) {
  const o = order(customerId, [line(minor, { quantity: 2 })], { processedAt: now.toISOString() });
  await earnOnOrder(testDb(), shopId, o, "paid", { now });
  return o;
}

const member = (shopId: string, customerId: string) => testDb().member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId } } });

describe(`pending points on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("earns pending points released at the start of the shop-local day N days after the order, once", async () => {
    const shop = await shopWith(14);
    const customer = bigId();
    // 1 March 12:00 in Los Angeles (PST); 15 March starts at 07:00Z (PDT from 8 March).
    const o = await earnAt(shop.id, customer, 10_000n, at("2026-03-01T20:00:00Z"));
    expect(await member(shop.id, customer)).toMatchObject({ balance: 0, pending: 100, lifetimeEarned: 0 });
    const row = await testDb().orderEarning.findUniqueOrThrow({ where: { shopId_orderId: { shopId: shop.id, orderId: o.orderId } } });
    expect(row.availableAt).toEqual(at("2026-03-15T07:00:00Z"));

    const view = await memberView(testDb(), shop.id, customer);
    expect(view.member).toMatchObject({ balance: 0, pending: 100, pendingReleases: [{ points: 100, availableAt: "2026-03-15T07:00:00.000Z" }] });

    expect(await releasePendingPoints(testDb(), shop.id, at("2026-03-15T06:59:59Z"))).toEqual({ orders: 0, points: 0 });
    expect(await releasePendingPoints(testDb(), shop.id, at("2026-03-15T07:00:00Z"))).toEqual({ orders: 1, points: 100 });
    expect(await releasePendingPoints(testDb(), shop.id, at("2026-03-15T08:00:00Z"))).toEqual({ orders: 0, points: 0 });
    expect(await member(shop.id, customer)).toMatchObject({ balance: 100, pending: 0, lifetimeEarned: 100 });
    const earnEntry = await testDb().ledgerEntry.findUniqueOrThrow({ where: { shopId_businessKey: { shopId: shop.id, businessKey: businessKeys.earn(o.orderId) } } });
    expect(earnEntry).toMatchObject({ kind: "earn", points: 0, pendingDelta: 100 });
    const release = await testDb().ledgerEntry.findUniqueOrThrow({ where: { shopId_businessKey: { shopId: shop.id, businessKey: businessKeys.pendingRelease(earnEntry.id) } } });
    expect(release).toMatchObject({ kind: "pending_release", points: 100, pendingDelta: -100 });
    expect((await memberView(testDb(), shop.id, customer)).member.pendingReleases).toEqual([]);
    expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
  });

  it("a refund before release cancels pending points, not the balance; after release it takes back spendable points", async () => {
    const shop = await shopWith(30, "UTC");
    const customer = bigId();
    const older = await earnAt(shop.id, customer, 5_000n, at("2026-01-01T10:00:00Z"));
    await releasePendingPoints(testDb(), shop.id, at("2026-02-01T00:00:00Z"));
    expect(await member(shop.id, customer)).toMatchObject({ balance: 50, pending: 0 });

    const o = await earnAt(shop.id, customer, 10_000n, at("2026-02-05T10:00:00Z"));
    expect(await member(shop.id, customer)).toMatchObject({ balance: 50, pending: 100, lifetimeEarned: 50 });
    // One of the two units comes back inside the return window.
    await recordRefund(testDb(), shop.id, refundOf(o, [{ line: o.lines[0]!, quantity: 1 }]), { now: at("2026-02-10T10:00:00Z") });
    expect(await member(shop.id, customer)).toMatchObject({ balance: 50, pending: 50, lifetimeEarned: 50 });
    const reversal = await testDb().ledgerEntry.findFirstOrThrow({ where: { shopId: shop.id, kind: "reverse", sourceId: o.orderId } });
    expect(reversal).toMatchObject({ points: 0, pendingDelta: -50, lifetimeDelta: 0 });

    expect(await releasePendingPoints(testDb(), shop.id, at("2026-03-07T00:00:00Z"))).toEqual({ orders: 1, points: 50 });
    expect(await member(shop.id, customer)).toMatchObject({ balance: 100, pending: 0, lifetimeEarned: 100 });
    // The other unit after release: spendable points come back off the balance.
    await recordRefund(testDb(), shop.id, refundOf(o, [{ line: o.lines[0]!, quantity: 1 }]), { now: at("2026-03-10T10:00:00Z") });
    expect(await member(shop.id, customer)).toMatchObject({ balance: 50, pending: 0, lifetimeEarned: 50 });
    // And a refund of the older, released order works as before.
    await recordRefund(testDb(), shop.id, refundOf(older, [{ line: older.lines[0]!, quantity: 2 }]), { now: at("2026-03-11T10:00:00Z") });
    expect(await member(shop.id, customer)).toMatchObject({ balance: 0, pending: 0, lifetimeEarned: 0 });
    expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
  });

  it("a cancellation before release cancels all pending points; the release then gives nothing", async () => {
    const shop = await shopWith(7, "UTC");
    const customer = bigId();
    const o = await earnAt(shop.id, customer, 8_000n, at("2026-04-01T10:00:00Z"));
    await recordCancellation(testDb(), shop.id, o.orderId, at("2026-04-02T10:00:00Z"), "USD", { now: at("2026-04-02T10:00:00Z") });
    expect(await member(shop.id, customer)).toMatchObject({ balance: 0, pending: 0, lifetimeEarned: 0 });
    expect(await releasePendingPoints(testDb(), shop.id, at("2026-04-09T00:00:00Z"))).toEqual({ orders: 1, points: 0 });
    expect(await testDb().ledgerEntry.count({ where: { shopId: shop.id, kind: "pending_release" } })).toBe(0);
    expect(await member(shop.id, customer)).toMatchObject({ balance: 0, pending: 0 });
    expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
  });

  it("a refund that arrives before the earn is applied to the pending points when the order earns", async () => {
    const shop = await shopWith(7, "UTC");
    const customer = bigId();
    const o = order(customer, [line(10_000n, { quantity: 2 })], { processedAt: "2026-04-01T10:00:00Z" });
    await recordRefund(testDb(), shop.id, refundOf(o, [{ line: o.lines[0]!, quantity: 1 }]), { now: at("2026-04-01T11:00:00Z") });
    await earnOnOrder(testDb(), shop.id, o, "paid", { now: at("2026-04-01T12:00:00Z") });
    expect(await member(shop.id, customer)).toMatchObject({ balance: 0, pending: 50 });
    expect(await releasePendingPoints(testDb(), shop.id, at("2026-04-08T00:00:00Z"))).toEqual({ orders: 1, points: 50 });
    expect(await member(shop.id, customer)).toMatchObject({ balance: 50, pending: 0 });
  });

  it("an order reconciled after its window has passed earns spendable points at once; pendingDays 0 never pends", async () => {
    const shop = await shopWith(14, "UTC");
    const customer = bigId();
    const late = order(customer, [line(3_000n)], { processedAt: "2026-01-01T10:00:00Z" });
    await earnOnOrder(testDb(), shop.id, late, "reconcile", { now: at("2026-02-01T00:00:00Z") });
    expect(await member(shop.id, customer)).toMatchObject({ balance: 30, pending: 0 });

    const plain = await shopWith(0, "UTC");
    await earnAt(plain.id, customer, 3_000n, at("2026-01-01T10:00:00Z"));
    expect(await member(plain.id, customer)).toMatchObject({ balance: 30, pending: 0 });
  });

  it("the daily job releases each shop on its own local day, once per day", async () => {
    const shop = await shopWith(1, "Pacific/Auckland");
    const customer = bigId();
    // 10 May 09:00 in Auckland (UTC+12); released from 11 May 00:00 local = 10 May 12:00Z.
    await earnAt(shop.id, customer, 2_000n, at("2026-05-09T21:00:00Z"));
    let clock = at("2026-05-10T11:00:00Z");
    const job = pointsDailyJob(testDb(), { now: () => clock });
    await job.run();
    expect((await member(shop.id, customer)).pending).toBe(20);
    clock = at("2026-05-10T12:30:00Z");
    await job.run();
    expect(await member(shop.id, customer)).toMatchObject({ balance: 20, pending: 0 });
  });
});
