// Points expiry on a real database with an injected clock: by lot (after_months) with partly
// spent lots, by inactivity, held points never touched, a second run writing nothing, and
// turning expiry off stopping future expiry without bringing back what already expired.
import { describe, expect, it } from "vitest";
import { businessKeys } from "../../../app/loyalty/ledger";
import { defaultProgramSettings } from "../../../app/loyalty/program-settings";
import { earnOnOrder } from "../../../app/services/earning/earn-order.server";
import { runDailyPoints } from "../../../app/services/expiry/expiry-job.server";
import { nextExpiry } from "../../../app/services/expiry/next-expiry.server";
import { runExpiry } from "../../../app/services/expiry/run-expiry.server";
import { postEntry } from "../../../app/services/ledger/post-entry.server";
import { replayShop } from "../../../app/services/ledger/replay.server";
import { saveProgramSettings } from "../../../app/services/program/settings.server";
import { bigId, line, order } from "../../support/orders";
import { testDb } from "../../support/test-db";

const at = (iso: string) => new Date(iso);

async function shopWith(pointsExpiry: unknown, timezone = "UTC") {
  const shop = await testDb().shop.create({ data: { domain: `expiry-${bigId()}.myshopify.com`, timezone } });
  await saveProgramSettings(testDb(), shop.id, { ...defaultProgramSettings(), pointsExpiry });
  return shop;
}

/** An order of `points` × 1.00, earned at `now` (1 point per 1.00). */
async function earnAt(shopId: string, customerId: string, points: number, now: Date) {
  const o = order(customerId, [line(BigInt(points) * 100n)], { processedAt: now.toISOString() });
  const outcome = await earnOnOrder(testDb(), shopId, o, "paid", { now });
  expect(outcome).toMatchObject({ status: "earned", points });
  return o;
}

async function member(shopId: string, customerId: string) {
  return testDb().member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId } } });
}

/** A debit through the ledger: a staff adjustment, or a reward hold (held points). */
async function debit(shopId: string, customerId: string, points: number, now: Date, kind: "adjust" | "redeem_hold" = "adjust") {
  const m = await member(shopId, customerId);
  await testDb().$transaction((tx) =>
    postEntry(tx, { shopId, memberId: m.id, kind, businessKey: `test:${bigId()}`, points: -points, heldDelta: kind === "redeem_hold" ? points : 0, now }),
  );
}

async function expireEntries(shopId: string) {
  return testDb().ledgerEntry.findMany({ where: { shopId, kind: "expire" }, orderBy: { createdAt: "asc" } });
}

describe(`points expiry on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("expires what remains of each lot on its date, oldest lots spent first; a second run writes nothing", async () => {
    const shop = await shopWith({ mode: "after_months", months: 1 });
    const customer = bigId();
    await earnAt(shop.id, customer, 100, at("2026-01-10T12:00:00Z")); // lot A expires 2026-02-10
    await earnAt(shop.id, customer, 50, at("2026-01-20T12:00:00Z")); // lot B expires 2026-02-20
    await debit(shop.id, customer, 30, at("2026-01-25T12:00:00Z")); // taken from A (expires first)
    const m = await member(shop.id, customer);
    expect(m.balance).toBe(120);

    expect(await nextExpiry(testDb(), shop.id, m.id, at("2026-02-01T00:00:00Z"))).toEqual({ points: 70, at: at("2026-02-10T12:00:00Z") });
    // Before the date nothing happens.
    expect(await runExpiry(testDb(), shop.id, at("2026-02-10T11:59:59Z"))).toMatchObject({ expiredLots: 0, points: 0 });

    const first = await runExpiry(testDb(), shop.id, at("2026-02-11T00:00:00Z"));
    expect(first).toMatchObject({ mode: "after_months", expiredLots: 1, points: 70 });
    expect((await member(shop.id, customer)).balance).toBe(50);
    const entries = await expireEntries(shop.id);
    expect(entries).toHaveLength(1);
    const lotA = await testDb().pointLot.findFirstOrThrow({ where: { memberId: m.id, points: 100 } });
    expect(entries[0]).toMatchObject({ points: -70, businessKey: businessKeys.expireLot(lotA.id), lifetimeDelta: 0 });
    expect(lotA.remaining).toBe(0);

    // Run again (same day, or a crashed run resumed): nothing more.
    expect(await runExpiry(testDb(), shop.id, at("2026-02-11T00:00:00Z"))).toMatchObject({ expiredLots: 0, points: 0 });
    expect(await expireEntries(shop.id)).toHaveLength(1);
    expect(await nextExpiry(testDb(), shop.id, m.id, at("2026-02-11T00:00:00Z"))).toEqual({ points: 50, at: at("2026-02-20T12:00:00Z") });

    await runExpiry(testDb(), shop.id, at("2026-03-01T00:00:00Z"));
    const after = await member(shop.id, customer);
    expect(after).toMatchObject({ balance: 0, lifetimeEarned: 150 });
    expect(await nextExpiry(testDb(), shop.id, m.id, at("2026-03-01T00:00:00Z"))).toBeNull();
    expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
  });

  it("sums the lots expiring on the same shop-local day for the next expiry", async () => {
    const shop = await shopWith({ mode: "after_months", months: 1 }, "Pacific/Auckland");
    const customer = bigId();
    // 2026-01-10 11:00Z and 2026-01-10 20:00Z are the 11th in Auckland (UTC+13): same local day.
    await earnAt(shop.id, customer, 10, at("2026-01-10T11:00:00Z"));
    await earnAt(shop.id, customer, 20, at("2026-01-10T20:00:00Z"));
    await earnAt(shop.id, customer, 40, at("2026-01-12T20:00:00Z"));
    const m = await member(shop.id, customer);
    expect(await nextExpiry(testDb(), shop.id, m.id, at("2026-01-15T00:00:00Z"))).toEqual({ points: 30, at: at("2026-02-10T11:00:00Z") });
  });

  it("never touches held points: a reward's hold survives expiry by lot and by inactivity", async () => {
    const byLot = await shopWith({ mode: "after_months", months: 1 });
    const c1 = bigId();
    await earnAt(byLot.id, c1, 100, at("2026-01-10T12:00:00Z"));
    await debit(byLot.id, c1, 40, at("2026-01-11T12:00:00Z"), "redeem_hold");
    await runExpiry(testDb(), byLot.id, at("2026-03-01T00:00:00Z"));
    expect(await member(byLot.id, c1)).toMatchObject({ balance: 0, held: 40 });
    expect((await expireEntries(byLot.id))[0]).toMatchObject({ points: -60, heldDelta: 0 });

    const inactive = await shopWith({ mode: "inactivity", months: 3 });
    const c2 = bigId();
    await earnAt(inactive.id, c2, 100, at("2026-01-10T12:00:00Z"));
    await debit(inactive.id, c2, 25, at("2026-01-11T12:00:00Z"), "redeem_hold");
    await runExpiry(testDb(), inactive.id, at("2026-05-01T00:00:00Z"));
    expect(await member(inactive.id, c2)).toMatchObject({ balance: 0, held: 25 });
    expect((await replayShop(testDb(), byLot.id)).mismatches).toEqual([]);
    expect((await replayShop(testDb(), inactive.id)).mismatches).toEqual([]);
  });

  it("points a released reward hold puts back into an expired lot expire on the next run", async () => {
    const shop = await shopWith({ mode: "after_months", months: 1 });
    const customer = bigId();
    await earnAt(shop.id, customer, 100, at("2026-01-10T12:00:00Z"));
    const m = await member(shop.id, customer);
    const holdKey = `redeem:${bigId()}:hold`;
    await testDb().$transaction((tx) => postEntry(tx, { shopId: shop.id, memberId: m.id, kind: "redeem_hold", businessKey: holdKey, points: -40, heldDelta: 40, now: at("2026-01-11T12:00:00Z") }));
    await runExpiry(testDb(), shop.id, at("2026-02-11T00:00:00Z"));
    expect(await member(shop.id, customer)).toMatchObject({ balance: 0, held: 40 });
    // The code is cancelled after the lot expired: the points go back into their (expired) lot.
    await testDb().$transaction((tx) =>
      postEntry(tx, { shopId: shop.id, memberId: m.id, kind: "redeem_release", businessKey: `${holdKey}:release`, points: 40, heldDelta: -40, restoreAllocationsOf: holdKey, now: at("2026-02-12T12:00:00Z") }),
    );
    expect(await member(shop.id, customer)).toMatchObject({ balance: 40, held: 0 });
    expect(await runExpiry(testDb(), shop.id, at("2026-02-13T00:00:00Z"))).toMatchObject({ expiredLots: 1, points: 40 });
    expect(await runExpiry(testDb(), shop.id, at("2026-02-13T00:00:00Z"))).toMatchObject({ expiredLots: 0 });
    const lot = await testDb().pointLot.findFirstOrThrow({ where: { memberId: m.id } });
    expect((await expireEntries(shop.id)).map((e) => [e.businessKey, e.points])).toEqual([
      [businessKeys.expireLot(lot.id), -60],
      [`${businessKeys.expireLot(lot.id)}:2`, -40],
    ]);
    expect(await member(shop.id, customer)).toMatchObject({ balance: 0 });
    expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
  });

  it("expires the whole balance after N months without an earn or a redemption, once per stretch of inactivity", async () => {
    const shop = await shopWith({ mode: "inactivity", months: 6 });
    const idle = bigId();
    const active = bigId();
    await earnAt(shop.id, idle, 80, at("2026-01-15T12:00:00Z"));
    await earnAt(shop.id, active, 60, at("2026-01-15T12:00:00Z"));
    await earnAt(shop.id, active, 20, at("2026-05-01T12:00:00Z")); // activity moves the date
    const idleMember = await member(shop.id, idle);
    const activeMember = await member(shop.id, active);
    expect(await nextExpiry(testDb(), shop.id, idleMember.id, at("2026-06-01T00:00:00Z"))).toEqual({ points: 80, at: at("2026-07-15T12:00:00Z") });
    expect(await nextExpiry(testDb(), shop.id, activeMember.id, at("2026-06-01T00:00:00Z"))).toEqual({ points: 80, at: at("2026-11-01T12:00:00Z") });

    expect(await runExpiry(testDb(), shop.id, at("2026-07-15T11:00:00Z"))).toMatchObject({ expiredMembers: 0 });
    expect(await runExpiry(testDb(), shop.id, at("2026-07-16T00:00:00Z"))).toMatchObject({ mode: "inactivity", expiredMembers: 1, points: 80 });
    expect(await runExpiry(testDb(), shop.id, at("2026-07-16T00:00:00Z"))).toMatchObject({ expiredMembers: 0, points: 0 });
    expect(await member(shop.id, idle)).toMatchObject({ balance: 0, lifetimeEarned: 80 });
    expect(await member(shop.id, active)).toMatchObject({ balance: 80 });
    const entries = await expireEntries(shop.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ memberId: idleMember.id, points: -80, businessKey: businessKeys.expireInactive(idleMember.id, at("2026-01-15T12:00:00Z")) });

    // The idle member comes back: a new stretch, a new key, expired again six months later.
    await earnAt(shop.id, idle, 30, at("2026-08-01T12:00:00Z"));
    expect(await runExpiry(testDb(), shop.id, at("2026-12-01T00:00:00Z"))).toMatchObject({ expiredMembers: 1, points: 80 }); // the active member's
    expect(await runExpiry(testDb(), shop.id, at("2027-02-02T00:00:00Z"))).toMatchObject({ expiredMembers: 1, points: 30 });
    expect(await expireEntries(shop.id)).toHaveLength(3);
    expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
  });

  it("turning expiry off stops future expiry, keeps the points spendable and brings nothing back", async () => {
    const shop = await shopWith({ mode: "after_months", months: 1 });
    const customer = bigId();
    await earnAt(shop.id, customer, 100, at("2026-01-10T12:00:00Z"));
    await runExpiry(testDb(), shop.id, at("2026-02-11T00:00:00Z"));
    await earnAt(shop.id, customer, 40, at("2026-02-12T12:00:00Z")); // expires 2026-03-12
    expect((await member(shop.id, customer)).balance).toBe(40);

    await saveProgramSettings(testDb(), shop.id, { ...defaultProgramSettings(), pointsExpiry: { mode: "none" } });
    const m = await member(shop.id, customer);
    expect(await nextExpiry(testDb(), shop.id, m.id, at("2026-03-01T00:00:00Z"))).toBeNull();
    // Past the old date of the second lot: nothing expires, and nothing expired comes back.
    const { expired } = await runDailyPoints(testDb(), shop.id, at("2026-04-01T00:00:00Z"));
    expect(expired).toMatchObject({ mode: "none", expiredLots: 0, points: 0, clearedLots: 1 });
    expect(await member(shop.id, customer)).toMatchObject({ balance: 40 });
    expect(await expireEntries(shop.id)).toHaveLength(1);
    // The points are still spendable after their old date (the lot date was dropped).
    await debit(shop.id, customer, 40, at("2026-04-02T00:00:00Z"));
    expect((await member(shop.id, customer)).balance).toBe(0);
    expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
  });
});
