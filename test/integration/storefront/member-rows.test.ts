// What GET /proxy/me reads of a member, on both databases: PostgreSQL reads it in one statement
// (codes and history as JSON), SQLite in three; both must give the same rows, exactly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPostgres } from "../../../app/db/pg-direct";
import { readMemberRows } from "../../../app/services/storefront/member-rows.server";
import { createReward } from "../../../app/services/rewards/catalog.server";
import { bigId } from "../../support/orders";
import { testDb } from "../../support/test-db";

const at = (minute: number, ms = 0) => new Date(Date.UTC(2026, 10, 20, 9, minute, 0, ms));

async function seedShop() {
  const db = testDb();
  const shop = await db.shop.create({ data: { domain: `rows-${bigId()}.myshopify.com` } });
  const reward = await createReward(db, shop.id, { title: "$5 off", type: "fixed_amount", pointsCost: 50, config: { amount: "5.00" } });
  return { db, shop, reward };
}

describe(`the member's rows for /proxy/me on ${process.env.TEST_DB_PROVIDER}`, () => {
  // Times must not depend on the process's zone (the JSON of PostgreSQL's timestamps has none).
  const zone = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = "America/Los_Angeles";
  });
  afterAll(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it("reads the member, its 20 latest shown codes and its 20 latest history entries, with exact times", async () => {
    const { db, shop, reward } = await seedShop();
    const customerId = bigId();
    const member = await db.member.create({
      data: { shopId: shop.id, customerId, balance: 1234, pending: 5, held: 50, lifetimeEarned: 4321, tierGraceUntil: at(59, 7) },
    });
    await db.memberBirthday.create({ data: { shopId: shop.id, memberId: member.id, month: 2, day: 29, year: null, setAt: at(1, 250) } });
    // 30 entries; every fifth is a consumed hold, which the history leaves out.
    for (let sequence = 1; sequence <= 30; sequence++) {
      await db.ledgerEntry.create({
        data: {
          shopId: shop.id,
          memberId: member.id,
          kind: sequence % 5 === 0 ? "redeem_consume" : "earn",
          points: sequence * 10,
          reason: sequence === 29 ? "Goodwill" : null,
          businessKey: `entry-${sequence}`,
          sequence,
          createdAt: at(sequence, sequence),
        },
      });
    }
    // 26 codes; pending and failed ones are never shown.
    const statuses = ["issued", "consumed", "expired", "released", "pending", "failed"];
    for (let i = 0; i < 26; i++) {
      await db.redemption.create({
        data: {
          shopId: shop.id,
          memberId: member.id,
          rewardId: reward.id,
          status: statuses[i % statuses.length]!,
          pointsCost: 50 + i,
          currency: "USD",
          code: `CODE-${i}`,
          expiresAt: i % 2 ? at(i, 999) : null,
          snapshot: JSON.stringify({ title: "$5 off", label: "$5.00 off" }),
          createdAt: at(i, 1),
        },
      });
    }
    // The same customer id in another shop is another member.
    const other = await seedShop();
    await db.member.create({ data: { shopId: other.shop.id, customerId, balance: 99 } });

    const rows = await readMemberRows(db, shop.id, customerId);

    expect(rows.member).toMatchObject({ id: member.id, customerId, birthdayMonth: 2, birthdayDay: 29, birthdayYear: null });
    expect(Number(rows.member!.balance)).toBe(1234);
    expect(Number(rows.member!.pending)).toBe(5);
    expect(Number(rows.member!.held)).toBe(50);
    expect(Number(rows.member!.lifetimeEarned)).toBe(4321);
    expect(new Date(rows.member!.tierGraceUntil!).toISOString()).toBe(at(59, 7).toISOString());
    expect(new Date(rows.member!.birthdaySetAt!).toISOString()).toBe(at(1, 250).toISOString());

    const shownSequences = Array.from({ length: 30 }, (_, i) => 30 - i).filter((s) => s % 5 !== 0).slice(0, 20);
    expect(rows.entries.map((e) => Number(e.points))).toEqual(shownSequences.map((s) => s * 10));
    expect(rows.entries.map((e) => e.createdAt.toISOString())).toEqual(shownSequences.map((s) => at(s, s).toISOString()));
    expect(rows.entries.every((e) => e.kind === "earn")).toBe(true);
    expect(rows.entries.find((e) => Number(e.points) === 290)?.reason).toBe("Goodwill");

    const shownCodes = Array.from({ length: 26 }, (_, i) => 25 - i).filter((i) => !["pending", "failed"].includes(statuses[i % statuses.length]!)).slice(0, 20);
    expect(rows.redemptions.map((r) => r.code)).toEqual(shownCodes.map((i) => `CODE-${i}`));
    expect(rows.redemptions.map((r) => Number(r.pointsCost))).toEqual(shownCodes.map((i) => 50 + i));
    expect(rows.redemptions.map((r) => r.createdAt.toISOString())).toEqual(shownCodes.map((i) => at(i, 1).toISOString()));
    expect(rows.redemptions.map((r) => (r.expiresAt ? new Date(r.expiresAt).toISOString() : null))).toEqual(
      shownCodes.map((i) => (i % 2 ? at(i, 999).toISOString() : null)),
    );
    expect(rows.redemptions[0]).toMatchObject({ rewardId: reward.id, status: statuses[shownCodes[0]! % statuses.length], snapshot: JSON.stringify({ title: "$5 off", label: "$5.00 off" }) });
  });

  it("reads nothing for a shopper who is not a member yet", async () => {
    const { db, shop } = await seedShop();
    expect(await readMemberRows(db, shop.id, bigId())).toEqual({ member: undefined, redemptions: [], entries: [] });
  });

  it("reads a member with no codes and no history as empty lists", async () => {
    const { db, shop } = await seedShop();
    const customerId = bigId();
    await db.member.create({ data: { shopId: shop.id, customerId } });
    const rows = await readMemberRows(db, shop.id, customerId);
    expect(rows.member?.customerId).toBe(customerId);
    expect(rows.redemptions).toEqual([]);
    expect(rows.entries).toEqual([]);
  });

  it("takes one statement on PostgreSQL", async () => {
    const { db, shop } = await seedShop();
    const customerId = bigId();
    await db.member.create({ data: { shopId: shop.id, customerId } });
    let statements = 0;
    const counting = new Proxy(db, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property !== "$queryRaw") return value;
        return (...args: unknown[]) => {
          statements++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    await readMemberRows(counting, shop.id, customerId);
    expect(statements).toBe(isPostgres(db) ? 1 : 3);
  });
});
