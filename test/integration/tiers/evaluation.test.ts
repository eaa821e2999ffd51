// Tier evaluation against a real database: thresholds reached by earns, refunds pulling members
// down under each downgrade policy, windows rolling on the right day, entry rewards given once,
// overrides that expire, and the earn multiplier.
import { describe, expect, it } from "vitest";
import { setTierOverride } from "../../../app/services/staff/adjust-points.server";
import { runTierMaintenance, tierMaintenanceJob } from "../../../app/services/tiers/daily-job.server";
import { memberTierProgress } from "../../../app/services/tiers/progress-view.server";
import { earnOnOrder } from "../../../app/services/earning/earn-order.server";
import { line, order } from "../../support/orders";
import { testDb } from "../../support/test-db";
import { bigId, cancel, earn, evaluate, memberOf, newShop, refund, saveTiers, STAFF, tierIdByName, tierNameOf } from "./fixtures";

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);

describe(`tier evaluation on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("reaches a tier at exactly its threshold, and records each change with its reason", async () => {
    const shop = await newShop();
    await saveTiers(shop.id);
    const customer = bigId();
    await earn(shop.id, customer, 49_900n); // 499 points
    expect(await tierNameOf(shop.id, customer)).toBe("Bronze");
    await earn(shop.id, customer, 100n); // 500
    expect(await tierNameOf(shop.id, customer)).toBe("Silver");
    const member = await memberOf(shop.id, customer);
    const changes = await testDb().tierChange.findMany({ where: { memberId: member.id }, orderBy: { createdAt: "asc" } });
    expect(changes.map((c) => [c.fromTierId, c.toTierId, c.reason])).toEqual([
      [null, await tierIdByName(shop.id, "Bronze"), "upgrade"],
      [await tierIdByName(shop.id, "Bronze"), await tierIdByName(shop.id, "Silver"), "upgrade"],
    ]);
    expect(JSON.parse(changes[1]!.details)).toMatchObject({ progress: "500", metric: "points" });
    expect(member.syncDirty).toBe(true);
  });

  it("grants an entry reward once, even with duplicate evaluations and after losing and regaining the tier", async () => {
    const shop = await newShop();
    await saveTiers(shop.id, [
      { name: "Bronze", threshold: "0" },
      { name: "Silver", threshold: "500", perks: { entryReward: { points: 100 } } },
    ]);
    const customer = bigId();
    const o = await earn(shop.id, customer, 50_000n);
    await evaluate(shop.id, customer, new Date());
    await evaluate(shop.id, customer, new Date());
    expect((await memberOf(shop.id, customer)).balance).toBe(600);
    await refund(shop.id, o, new Date(), 2); // all of it: lifetime + end_of_window drops at once
    expect(await tierNameOf(shop.id, customer)).toBe("Bronze");
    await earn(shop.id, customer, 50_000n);
    expect(await tierNameOf(shop.id, customer)).toBe("Silver");
    const m = await memberOf(shop.id, customer);
    const bonuses = await testDb().ledgerEntry.findMany({ where: { memberId: m.id, kind: "bonus" } });
    expect(bonuses.map((b) => [b.points, b.businessKey])).toEqual([[100, `tier-entry:${m.id}:${await tierIdByName(shop.id, "Silver")}`]]);
    expect(m.balance).toBe(600); // 500 + 100 − 500 + 500
  });

  it("a duplicate delivery of the order that reaches the tier grants its entry reward once", async () => {
    const shop = await newShop();
    await saveTiers(shop.id, [
      { name: "Bronze", threshold: "0" },
      { name: "Silver", threshold: "500", perks: { entryReward: { points: 100 } } },
    ]);
    const customer = bigId();
    const o = order(customer, [line(60_000n)]);
    // Shopify delivers at least once, and reconciliation may find the same order again.
    const outcomes = await Promise.all([
      earnOnOrder(testDb(), shop.id, o, "paid"),
      earnOnOrder(testDb(), shop.id, o, "paid"),
      earnOnOrder(testDb(), shop.id, o, "reconcile"),
    ]);
    expect(outcomes.filter((x) => x.status === "earned")).toHaveLength(1);
    const m = await memberOf(shop.id, customer);
    expect(await tierNameOf(shop.id, customer)).toBe("Silver");
    expect(await testDb().ledgerEntry.count({ where: { memberId: m.id, kind: "bonus" } })).toBe(1);
    expect(m.balance).toBe(700);
  });

  describe("a refund that pulls a member below the threshold", () => {
    const start = at("2026-06-15T12:00:00Z");

    it("never: the member keeps the tier", async () => {
      const shop = await newShop();
      await saveTiers(shop.id, undefined, { downgradePolicy: "never" });
      const customer = bigId();
      const o = await earn(shop.id, customer, 60_000n, start);
      await refund(shop.id, o, start);
      await runTierMaintenance(testDb(), shop.id, new Date(start.getTime() + 400 * DAY));
      expect(await tierNameOf(shop.id, customer)).toBe("Silver");
      expect((await memberOf(shop.id, customer)).tierGraceUntil).toBeNull();
    });

    it("end of window, lifetime: the member drops at once", async () => {
      const shop = await newShop();
      await saveTiers(shop.id);
      const customer = bigId();
      const o = await earn(shop.id, customer, 60_000n, start);
      await refund(shop.id, o, start);
      expect(await tierNameOf(shop.id, customer)).toBe("Bronze");
      const last = await testDb().tierChange.findFirstOrThrow({ where: { shopId: shop.id }, orderBy: { createdAt: "desc" } });
      expect(last.reason).toBe("downgrade");
    });

    it("end of window, calendar year: the member keeps the tier until 1 January", async () => {
      const shop = await newShop();
      await saveTiers(shop.id, undefined, { window: "calendar_year" }, start);
      const customer = bigId();
      const o = await earn(shop.id, customer, 60_000n, start);
      await refund(shop.id, o, start);
      expect((await memberOf(shop.id, customer)).tierGraceUntil).toEqual(at("2027-01-01T00:00:00Z"));
      await runTierMaintenance(testDb(), shop.id, at("2026-12-31T23:59:00Z"));
      expect(await tierNameOf(shop.id, customer)).toBe("Silver");
      await runTierMaintenance(testDb(), shop.id, at("2027-01-01T00:00:00Z"));
      expect(await tierNameOf(shop.id, customer)).toBe("Bronze");
    });

    it("grace period: the member keeps the tier for the grace days, unless they requalify", async () => {
      const shop = await newShop();
      await saveTiers(shop.id, undefined, { downgradePolicy: "grace_period", graceDays: 10 }, start);
      const [leaver, returner] = [bigId(), bigId()];
      await refund(shop.id, await earn(shop.id, leaver, 60_000n, start), start);
      await refund(shop.id, await earn(shop.id, returner, 60_000n, start), start);
      expect((await memberOf(shop.id, leaver)).tierGraceUntil).toEqual(new Date(start.getTime() + 10 * DAY));
      await earn(shop.id, returner, 30_000n, new Date(start.getTime() + 2 * DAY)); // back to 600
      expect((await memberOf(shop.id, returner)).tierGraceUntil).toBeNull();
      await runTierMaintenance(testDb(), shop.id, new Date(start.getTime() + 10 * DAY - 1));
      expect(await tierNameOf(shop.id, leaver)).toBe("Silver");
      await runTierMaintenance(testDb(), shop.id, new Date(start.getTime() + 10 * DAY));
      expect(await tierNameOf(shop.id, leaver)).toBe("Bronze");
      expect(await tierNameOf(shop.id, returner)).toBe("Silver");
    });
  });

  it("a calendar-year tier survives the new year's reset through that year (window roll), then drops", async () => {
    const shop = await newShop();
    await saveTiers(shop.id, undefined, { window: "calendar_year" }, at("2026-05-01T00:00:00Z"));
    const customer = bigId();
    await earn(shop.id, customer, 60_000n, at("2026-05-01T00:00:00Z"));
    await runTierMaintenance(testDb(), shop.id, at("2027-01-01T06:00:00Z"));
    const m = await memberOf(shop.id, customer);
    expect(await tierNameOf(shop.id, customer)).toBe("Silver");
    expect(m.tierGraceUntil).toEqual(at("2028-01-01T00:00:00Z"));
    await runTierMaintenance(testDb(), shop.id, at("2028-01-01T00:00:00Z"));
    expect(await tierNameOf(shop.id, customer)).toBe("Bronze");
  });

  it("rolling 12 months: old activity leaves the progress on the right day, and the tier with it", async () => {
    const shop = await newShop();
    await saveTiers(shop.id, undefined, { window: "rolling_12_months" }, at("2025-03-01T00:00:00Z"));
    const customer = bigId();
    await earn(shop.id, customer, 60_000n, at("2025-03-10T18:00:00Z"));
    const m = await memberOf(shop.id, customer);
    const progressOn = async (iso: string) => (await memberTierProgress(testDb(), shop.id, m.id, { now: at(iso) })).progress.value;
    expect(await progressOn("2026-03-09T23:59:59Z")).toBe("600");
    expect(await progressOn("2026-03-10T00:00:00Z")).toBe("0");
    await runTierMaintenance(testDb(), shop.id, at("2026-03-09T23:00:00Z"));
    expect(await tierNameOf(shop.id, customer)).toBe("Silver");
    await runTierMaintenance(testDb(), shop.id, at("2026-03-10T00:00:00Z"));
    expect(await tierNameOf(shop.id, customer)).toBe("Bronze");
  });

  it("spend counts totals minus money refunded; orders count orders not cancelled", async () => {
    const spendShop = await newShop();
    await saveTiers(spendShop.id, [{ name: "Member", threshold: "0" }, { name: "VIP", threshold: "10000" }], { metric: "spend" });
    const buyer = bigId();
    const o = await earn(spendShop.id, buyer, 12_000n);
    expect(await tierNameOf(spendShop.id, buyer)).toBe("VIP");
    await refund(spendShop.id, o); // 60.00 back: 60.00 spent
    expect(await tierNameOf(spendShop.id, buyer)).toBe("Member");
    expect((await memberTierProgress(testDb(), spendShop.id, (await memberOf(spendShop.id, buyer)).id)).progress).toMatchObject({ metric: "spend", value: "6000" });

    const ordersShop = await newShop();
    await saveTiers(ordersShop.id, [{ name: "Member", threshold: "0" }, { name: "Regular", threshold: "2" }], { metric: "orders" });
    const regular = bigId();
    await earn(ordersShop.id, regular, 1_000n);
    const second = await earn(ordersShop.id, regular, 1_000n);
    expect(await tierNameOf(ordersShop.id, regular)).toBe("Regular");
    await cancel(ordersShop.id, second);
    expect(await tierNameOf(ordersShop.id, regular)).toBe("Member");
  });

  it("overrides hold a tier until their date (then progress decides at once) or for life", async () => {
    const shop = await newShop();
    await saveTiers(shop.id);
    const [timed, forever] = [bigId(), bigId()];
    await earn(shop.id, timed, 60_000n);
    await earn(shop.id, forever, 100n);
    const now = new Date();
    const gold = await tierIdByName(shop.id, "Gold");
    await setTierOverride(testDb(), { shopId: shop.id, customerId: timed, tierId: gold, until: new Date(now.getTime() + 7 * DAY), lifetime: false, staffUserId: STAFF, reason: "Press event", now });
    await setTierOverride(testDb(), { shopId: shop.id, customerId: forever, tierId: gold, until: null, lifetime: true, staffUserId: STAFF, reason: "Founder", now });
    expect(await tierNameOf(shop.id, timed)).toBe("Gold");
    const change = await testDb().tierChange.findFirstOrThrow({ where: { memberId: (await memberOf(shop.id, timed)).id, reason: "override" } });
    expect(change.staffUserId).toBe(STAFF);
    expect(JSON.parse(change.details)).toMatchObject({ note: "Press event" });

    await runTierMaintenance(testDb(), shop.id, new Date(now.getTime() + 7 * DAY - 1));
    expect(await tierNameOf(shop.id, timed)).toBe("Gold");
    await runTierMaintenance(testDb(), shop.id, new Date(now.getTime() + 7 * DAY));
    expect(await tierNameOf(shop.id, timed)).toBe("Silver");
    expect(await memberOf(shop.id, timed)).toMatchObject({ tierOverrideId: null, tierOverrideUntil: null, tierGraceUntil: null });
    expect(await testDb().tierChange.count({ where: { memberId: (await memberOf(shop.id, timed)).id, reason: "override_expired" } })).toBe(1);

    await runTierMaintenance(testDb(), shop.id, new Date(now.getTime() + 3650 * DAY));
    expect(await tierNameOf(shop.id, forever)).toBe("Gold");
    // Staff remove it: back to what progress reaches, at once.
    await setTierOverride(testDb(), { shopId: shop.id, customerId: forever, tierId: null, until: null, lifetime: false, staffUserId: STAFF, reason: "Left the company" });
    expect(await tierNameOf(shop.id, forever)).toBe("Bronze");
  });

  it("refuses overrides without a reason, without an end, or ending in the past", async () => {
    const shop = await newShop();
    await saveTiers(shop.id);
    const customer = bigId();
    await earn(shop.id, customer, 100n);
    const gold = await tierIdByName(shop.id, "Gold");
    const base = { shopId: shop.id, customerId: customer, tierId: gold, lifetime: false, staffUserId: STAFF };
    await expect(setTierOverride(testDb(), { ...base, until: new Date(Date.now() + DAY), reason: " " })).rejects.toMatchObject({ code: "reason_required" });
    await expect(setTierOverride(testDb(), { ...base, until: null, reason: "x" })).rejects.toMatchObject({ code: "invalid_request" });
    await expect(setTierOverride(testDb(), { ...base, until: new Date(Date.now() - DAY), reason: "x" })).rejects.toMatchObject({ code: "invalid_request" });
    expect(await tierNameOf(shop.id, customer)).toBe("Bronze");
  });

  it("gold earns with its multiplier; progress says what is left to the next tier", async () => {
    const shop = await newShop();
    await saveTiers(shop.id);
    const customer = bigId();
    await earn(shop.id, customer, 100_000n); // 1000 → Gold
    await earn(shop.id, customer, 10_000n); // 100 × 1.5
    const m = await memberOf(shop.id, customer);
    expect(m.balance).toBe(1150);
    const other = bigId();
    await earn(shop.id, other, 70_000n);
    const progress = await memberTierProgress(testDb(), shop.id, (await memberOf(shop.id, other)).id);
    expect(progress).toMatchObject({ tier: { name: "Silver", earnMultiplier: "1" }, nextTier: { name: "Gold", threshold: "1000", remaining: "300" }, progress: { value: "700" } });
  });

  it("the daily job gives members without a tier the first one, once per shop day", async () => {
    const shop = await newShop();
    await saveTiers(shop.id);
    const member = await testDb().member.create({ data: { shopId: shop.id, customerId: bigId() } });
    let now = at("2026-06-15T08:00:00Z");
    const job = tierMaintenanceJob(testDb(), { now: () => now });
    await job.run();
    expect((await testDb().member.findUniqueOrThrow({ where: { id: member.id } })).tierId).toBe(await tierIdByName(shop.id, "Bronze"));
    await testDb().member.update({ where: { id: member.id }, data: { tierId: null } });
    now = at("2026-06-15T20:00:00Z");
    await job.run();
    expect((await testDb().member.findUniqueOrThrow({ where: { id: member.id } })).tierId).toBeNull();
    now = at("2026-06-16T00:30:00Z");
    await job.run();
    expect((await testDb().member.findUniqueOrThrow({ where: { id: member.id } })).tierId).not.toBeNull();
  });
});
