// The points engine against a real database: earn, refunds, cancellation, duplicates, refunds
// before the earn, clawback policies, lots and replay.
import { describe, expect, it } from "vitest";
import { defaultProgramSettings } from "../../../app/loyalty/program-settings";
import { earnOnOrder } from "../../../app/services/earning/earn-order.server";
import { recordCancellation, recordRefund } from "../../../app/services/earning/reverse-order.server";
import { enrollCustomer } from "../../../app/services/members/enroll-customer.server";
import { ensureMember } from "../../../app/services/ledger/members.server";
import { postEntry } from "../../../app/services/ledger/post-entry.server";
import { replayShop } from "../../../app/services/ledger/replay.server";
import { saveProgramSettings } from "../../../app/services/program/settings.server";
import { bigId, line, order, refundOf } from "../../support/orders";
import { testDb } from "../../support/test-db";

async function newShop(settings: Record<string, unknown> = {}) {
  const shop = await testDb().shop.create({ data: { domain: `shop-${bigId()}.myshopify.com` } });
  await saveProgramSettings(testDb(), shop.id, { ...defaultProgramSettings(), ...settings });
  return shop;
}

async function member(shopId: string, customerId: string) {
  return testDb().member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId } } });
}

async function expectReplayClean(shopId: string) {
  const report = await replayShop(testDb(), shopId);
  expect(report.mismatches).toEqual([]);
}

describe(`order lifecycle on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("earns by settings another process saved a moment ago, and grants a sign-up bonus switched on there", async () => {
    const shop = await newShop();
    const first = bigId();
    expect(await earnOnOrder(testDb(), shop.id, order(first, [line(10_000n)]), "paid")).toMatchObject({ points: 100 });
    // Another process (the admin's) saves new rules; this process, which kept the old ones, is not told.
    const saved = { ...defaultProgramSettings(), earn: { ...defaultProgramSettings().earn, pointsPerUnit: { points: 3, perAmount: "1.00" } }, signupBonus: 50 };
    await testDb().programSettings.update({ where: { shopId: shop.id }, data: { settings: JSON.stringify(saved), version: { increment: 1 } } });
    expect(await earnOnOrder(testDb(), shop.id, order(first, [line(10_000n)]), "paid")).toMatchObject({ points: 300 });
    const newcomer = bigId();
    await enrollCustomer(testDb(), shop.id, { customerId: newcomer, email: `${newcomer}@example.com`, firstName: null, lastName: null });
    expect((await member(shop.id, newcomer)).balance).toBe(50);
  });

  it("earns once per order at 1 point per 1.00, rounding down, however often the order arrives", async () => {
    const shop = await newShop();
    const customer = bigId();
    const o = order(customer, [line(4999n), line(2550n)]); // 75.49 → 75 points
    const first = await earnOnOrder(testDb(), shop.id, o, "paid");
    expect(first).toMatchObject({ status: "earned", points: 75 });
    expect(await earnOnOrder(testDb(), shop.id, o, "paid")).toEqual({ status: "already_earned", points: 75 });
    expect(await earnOnOrder(testDb(), shop.id, o, "reconcile")).toEqual({ status: "already_earned", points: 75 });
    const m = await member(shop.id, customer);
    expect(m).toMatchObject({ balance: 75, lifetimeEarned: 75 });
    expect(await testDb().ledgerEntry.count({ where: { memberId: m.id } })).toBe(1);
    await expectReplayClean(shop.id);
  });

  it("keeps customer ids above 2^53 exactly", async () => {
    const shop = await newShop();
    const customer = "9007199254740993123";
    await earnOnOrder(testDb(), shop.id, order(customer, [line(1000n)]), "paid");
    expect((await member(shop.id, customer)).customerId).toBe("9007199254740993123");
  });

  it("guests earn nothing, and orders below the minimum earn nothing", async () => {
    const shop = await newShop({ earn: { ...defaultProgramSettings().earn, minimumOrder: "20.00" } });
    expect(await earnOnOrder(testDb(), shop.id, order(null, [line(5000n)]), "paid")).toEqual({ status: "skipped", reason: "no_customer" });
    const customer = bigId();
    expect(await earnOnOrder(testDb(), shop.id, order(customer, [line(1999n)]), "paid")).toMatchObject({ status: "earned", points: 0 });
    expect((await member(shop.id, customer)).balance).toBe(0);
  });

  it("waits for fulfilment when the program earns on fulfilled orders", async () => {
    const shop = await newShop({ earn: { ...defaultProgramSettings().earn, earnOn: "fulfilled" } });
    const o = order(bigId(), [line(3000n)]);
    expect(await earnOnOrder(testDb(), shop.id, o, "paid")).toEqual({ status: "skipped", reason: "waits_for_fulfillment" });
    expect(await earnOnOrder(testDb(), shop.id, o, "fulfilled")).toMatchObject({ status: "earned", points: 30 });
  });

  it("a partial refund takes back the refunded share at the earn-time rate; a cancellation the rest", async () => {
    const shop = await newShop();
    const customer = bigId();
    const a = line(6000n, { quantity: 2 });
    const b = line(4000n);
    const o = order(customer, [a, b]); // 100.00 → 100 points
    await earnOnOrder(testDb(), shop.id, o, "paid");
    // The merchant doubles the rate afterwards: reversals still use the rate of the earn.
    await saveProgramSettings(testDb(), shop.id, { ...defaultProgramSettings(), earn: { ...defaultProgramSettings().earn, pointsPerUnit: { points: 2, perAmount: "1.00" } } });
    const refund = refundOf(o, [{ line: a, quantity: 1 }]); // 30.00 of 100.00
    expect(await recordRefund(testDb(), shop.id, refund)).toEqual({ reversed: 30 });
    expect(await recordRefund(testDb(), shop.id, refund)).toEqual({ reversed: 0 });
    expect((await member(shop.id, customer)).balance).toBe(70);
    await recordCancellation(testDb(), shop.id, o.orderId, new Date(), "USD");
    await recordCancellation(testDb(), shop.id, o.orderId, new Date(), "USD");
    const m = await member(shop.id, customer);
    expect(m).toMatchObject({ balance: 0, lifetimeEarned: 0 });
    await expectReplayClean(shop.id);
  });

  it("a refund that arrives before the earn is applied when the order earns", async () => {
    const shop = await newShop();
    const customer = bigId();
    const a = line(5000n);
    const b = line(5000n);
    const o = order(customer, [a, b]);
    const refund = refundOf(o, [{ line: b, quantity: 1 }]);
    expect(await recordRefund(testDb(), shop.id, refund)).toEqual({ reversed: 0 });
    const outcome = await earnOnOrder(testDb(), shop.id, o, "paid");
    expect(outcome).toMatchObject({ status: "earned", points: 100, reversed: 50 });
    expect((await member(shop.id, customer)).balance).toBe(50);
    await expectReplayClean(shop.id);
  });

  it("clamps a clawback at zero by default and records the shortfall; allow_negative goes below zero", async () => {
    for (const clawback of ["clamp", "allow_negative"] as const) {
      const shop = await newShop({ clawback });
      const customer = bigId();
      const o = order(customer, [line(10000n)]);
      await earnOnOrder(testDb(), shop.id, o, "paid");
      const m0 = await member(shop.id, customer);
      // The shopper spends 80 of the 100 points.
      await postEntry(testDb(), { shopId: shop.id, memberId: m0.id, kind: "adjust", businessKey: `spend:${customer}`, points: -80, lifetimeDelta: 0 });
      await recordCancellation(testDb(), shop.id, o.orderId, new Date(), "USD");
      const m = await member(shop.id, customer);
      expect(m.balance).toBe(clawback === "clamp" ? 0 : -80);
      expect(m.lifetimeEarned).toBe(0);
      const reverse = await testDb().ledgerEntry.findFirstOrThrow({ where: { memberId: m.id, kind: "reverse" } });
      if (clawback === "clamp") expect(JSON.parse(reverse.details)).toMatchObject({ shortfall: 80 });
      await expectReplayClean(shop.id);
    }
  });

  it("debits consume lots first-to-expire, then oldest, and a release puts points back into the same lots", async () => {
    const shop = await newShop();
    const m = await ensureMember(testDb(), shop.id, bigId());
    const credit = (key: string, points: number, expiresAt: Date | null) =>
      postEntry(testDb(), { shopId: shop.id, memberId: m.id, kind: "adjust", businessKey: key, points, lot: { expiresAt } });
    await credit("c1", 100, null);
    await credit("c2", 50, new Date("2027-06-01"));
    await credit("c3", 30, new Date("2027-01-01"));
    await postEntry(testDb(), { shopId: shop.id, memberId: m.id, kind: "redeem_hold", businessKey: "hold-1", points: -60, heldDelta: 60 });
    // Each lot read back by the credit that opened it (three credits may share a millisecond, so
    // createdAt cannot tell them apart).
    const remainingByCredit = async () => {
      const lots = await testDb().pointLot.findMany({ where: { memberId: m.id } });
      const entries = await testDb().ledgerEntry.findMany({ where: { id: { in: lots.map((l) => l.entryId) } }, select: { id: true, businessKey: true } });
      const keyOf = new Map(entries.map((e) => [e.id, e.businessKey]));
      return Object.fromEntries(lots.map((l) => [keyOf.get(l.entryId), l.remaining]));
    };
    expect(await remainingByCredit()).toEqual({ c1: 100, c2: 20, c3: 0 });
    await postEntry(testDb(), { shopId: shop.id, memberId: m.id, kind: "redeem_release", businessKey: "release-1", points: 60, heldDelta: -60, restoreAllocationsOf: "hold-1" });
    expect(await remainingByCredit()).toEqual({ c1: 100, c2: 50, c3: 30 });
    expect(await member(shop.id, m.customerId)).toMatchObject({ balance: 180, held: 0 });
    await expectReplayClean(shop.id);
  });

  it("refuses a strict debit beyond the balance and writes nothing", async () => {
    const shop = await newShop();
    const m = await ensureMember(testDb(), shop.id, bigId());
    await postEntry(testDb(), { shopId: shop.id, memberId: m.id, kind: "adjust", businessKey: "c", points: 10 });
    await expect(
      testDb().$transaction((tx) => postEntry(tx, { shopId: shop.id, memberId: m.id, kind: "redeem_hold", businessKey: "h", points: -11, heldDelta: 11 })),
    ).rejects.toMatchObject({ code: "insufficient_points" });
    expect(await testDb().ledgerEntry.count({ where: { memberId: m.id } })).toBe(1);
    await expectReplayClean(shop.id);
  });

  it("grants the sign-up bonus once", async () => {
    const shop = await newShop({ signupBonus: 50 });
    const customer = { customerId: bigId(), email: "ada@example.com", firstName: "Ada", lastName: "L" };
    expect(await enrollCustomer(testDb(), shop.id, customer)).toMatchObject({ bonus: 50 });
    expect(await enrollCustomer(testDb(), shop.id, customer)).toMatchObject({ bonus: 0 });
    expect(await member(shop.id, customer.customerId)).toMatchObject({ balance: 50, email: "ada@example.com" });
  });

  it("replay reports a cached balance that disagrees with the ledger", async () => {
    const shop = await newShop();
    const customer = bigId();
    await earnOnOrder(testDb(), shop.id, order(customer, [line(2000n)]), "paid");
    await testDb().member.update({ where: { shopId_customerId: { shopId: shop.id, customerId: customer } }, data: { balance: 999 } });
    const report = await replayShop(testDb(), shop.id);
    expect(report.mismatches).toContainEqual(expect.objectContaining({ customerId: customer, field: "balance", cached: 999, fromLedger: 20 }));
  });
});
