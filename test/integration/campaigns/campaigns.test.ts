// Bonus campaigns on a real database with an injected clock: validation with field errors and
// nothing written, a multiplier between two shop-local days, reversal of the bonus with the order,
// and limits by tier, by the customer's Shopify tag (order payload) and by collection (the
// stand-in's Admin API for product data).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign, endCampaign, listCampaigns, updateCampaign } from "../../../app/services/campaigns/campaigns.server";
import { earnOnOrder } from "../../../app/services/earning/earn-order.server";
import { recordRefund } from "../../../app/services/earning/reverse-order.server";
import { replayShop } from "../../../app/services/ledger/replay.server";
import { fetchProductEarnInfo } from "../../../app/shopify/product-info.server";
import { parseOrderPayload } from "../../../app/shopify/payloads/order";
import { parseJsonWithExactIds } from "../../../app/shopify/payloads/exact-json";
import { orderPayload, toShopifyJson } from "../../standin/payloads";
import { type Standin, startStandin } from "../../standin/index";
import { standinAdmin } from "../../support/standin-admin";
import { bigId, line, order, refundOf } from "../../support/orders";
import { testDb } from "../../support/test-db";
import { memberOf, newShop, saveTiers, STAFF, tierIdByName } from "../tiers/fixtures";
import { refusal } from "../../support/refusal";

const at = (iso: string) => new Date(iso);
const staff = (now: Date) => ({ staffUserId: STAFF, now });

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ appUrl: "http://127.0.0.1:9" });
});
afterAll(async () => {
  await standin.close();
});

async function earnAt(shopId: string, customerId: string, minor: bigint, now: Date, over: Parameters<typeof order>[2] = {}) {
  const o = order(customerId, [line(minor, { quantity: 2 })], { processedAt: now.toISOString(), ...over });
  const outcome = await earnOnOrder(testDb(), shopId, o, "paid", { now });
  return { o, points: outcome.status === "earned" ? outcome.points : -1 };
}

describe(`bonus campaigns on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("refuses invalid campaigns with field errors and writes nothing", async () => {
    const shop = await newShop(undefined, "America/Los_Angeles");
    const now = at("2026-06-01T12:00:00Z");
    const missing = await refusal(createCampaign(testDb(), shop.id, { name: " ", type: "multiplier", startDay: "2026-06-31", endDay: "2026-06-10" }, staff(now)));
    expect(missing).toMatchObject({ code: "invalid_campaign", status: 422 });
    expect(missing.details?.fieldErrors).toMatchObject({ name: "is required", multiplier: "is required for a multiplier campaign", startDay: expect.stringMatching(/day like/) });
    const backwards = await refusal(createCampaign(testDb(), shop.id, { name: "X", type: "fixed_bonus", bonusPoints: 10, startDay: "2026-06-10", endDay: "2026-06-09" }, staff(now)));
    expect(backwards.details?.fieldErrors).toEqual({ endDay: "must not be before the start day" });
    const tooBig = await refusal(createCampaign(testDb(), shop.id, { name: "X", type: "multiplier", multiplier: "1", startDay: "2026-06-10", endDay: "2026-06-12" }, staff(now)));
    expect(tooBig.details?.fieldErrors).toEqual({ multiplier: "must be more than 1 and at most 10" });
    const unknownTier = await refusal(createCampaign(testDb(), shop.id, { name: "X", type: "multiplier", multiplier: 2, startDay: "2026-06-10", endDay: "2026-06-12", tierIds: ["nope"] }, staff(now)));
    expect(unknownTier.details?.fieldErrors).toEqual({ tierIds: expect.stringMatching(/nope/) });
    const past = await refusal(createCampaign(testDb(), shop.id, { name: "X", type: "multiplier", multiplier: 2, startDay: "2026-05-01", endDay: "2026-05-02" }, staff(now)));
    expect(past.details?.fieldErrors).toEqual({ endDay: "is in the past" });
    expect(await testDb().campaign.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await testDb().staffAuditEntry.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("doubles points between two shop-local days; the bonus is reversed with the order", async () => {
    const shop = await newShop(undefined, "America/Los_Angeles");
    const created = await createCampaign(testDb(), shop.id, { name: "Double days", type: "multiplier", multiplier: 2, startDay: "2026-06-10", endDay: "2026-06-11" }, staff(at("2026-06-01T00:00:00Z")));
    // 10 June starts at 07:00Z in Los Angeles (PDT); the campaign ends at 12 June 07:00Z.
    expect(created).toMatchObject({ status: "scheduled", multiplier: "2", startsAt: "2026-06-10T07:00:00.000Z", endsAt: "2026-06-12T07:00:00.000Z" });
    const customer = bigId();
    expect((await earnAt(shop.id, customer, 10_000n, at("2026-06-10T06:59:00Z"))).points).toBe(100);
    const during = await earnAt(shop.id, customer, 10_000n, at("2026-06-10T07:00:00Z"));
    expect(during.points).toBe(200);
    expect((await earnAt(shop.id, customer, 10_000n, at("2026-06-12T06:59:59Z"))).points).toBe(200);
    expect((await earnAt(shop.id, customer, 10_000n, at("2026-06-12T07:00:00Z"))).points).toBe(100);
    expect((await memberOf(shop.id, customer)).balance).toBe(600);

    const row = await testDb().orderEarning.findUniqueOrThrow({ where: { shopId_orderId: { shopId: shop.id, orderId: during.o.orderId } } });
    expect(JSON.parse(row.snapshot)).toMatchObject({ basePoints: 100, campaigns: [{ id: created.id, name: "Double days", points: 100 }] });

    // Half the order refunded: half of base + bonus comes back.
    await recordRefund(testDb(), shop.id, refundOf(during.o, [{ line: during.o.lines[0]!, quantity: 1 }]), { now: at("2026-06-13T00:00:00Z") });
    expect((await memberOf(shop.id, customer)).balance).toBe(500);
    await recordRefund(testDb(), shop.id, refundOf(during.o, [{ line: during.o.lines[0]!, quantity: 1 }]), { now: at("2026-06-14T00:00:00Z") });
    expect((await memberOf(shop.id, customer)).balance).toBe(400);
    expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);

    expect((await listCampaigns(testDb(), shop.id, { now: at("2026-06-13T00:00:00Z") })).map((c) => c.status)).toEqual(["ended"]);
    expect(await refusal(updateCampaign(testDb(), shop.id, created.id, { name: "Again", type: "multiplier", multiplier: 3, startDay: "2026-07-01", endDay: "2026-07-02" }, staff(at("2026-06-13T00:00:00Z"))))).toMatchObject({ code: "campaign_ended", status: 409 });
  });

  it("updates and ends a campaign early; fixed bonuses add up, the best multiplier wins", async () => {
    const shop = await newShop(undefined, "UTC");
    const now = at("2026-06-01T00:00:00Z");
    const triple = await createCampaign(testDb(), shop.id, { name: "Triple", type: "multiplier", multiplier: "1.5", startDay: "2026-06-01", endDay: "2026-06-30" }, staff(now));
    const updated = await updateCampaign(testDb(), shop.id, triple.id, { name: "Triple", type: "multiplier", multiplier: 3, startDay: "2026-06-01", endDay: "2026-06-30" }, staff(now));
    expect(updated).toMatchObject({ multiplier: "3", status: "active" });
    await createCampaign(testDb(), shop.id, { name: "Double", type: "multiplier", multiplier: 2, startDay: "2026-06-01", endDay: "2026-06-30" }, staff(now));
    await createCampaign(testDb(), shop.id, { name: "Ten", type: "fixed_bonus", bonusPoints: 10, startDay: "2026-06-01", endDay: "2026-06-30" }, staff(now));
    await createCampaign(testDb(), shop.id, { name: "Five", type: "fixed_bonus", bonusPoints: 5, startDay: "2026-06-01", endDay: "2026-06-30" }, staff(now));
    const customer = bigId();
    expect((await earnAt(shop.id, customer, 10_000n, at("2026-06-02T00:00:00Z"))).points).toBe(100 + 200 + 10 + 5);

    const ended = await endCampaign(testDb(), shop.id, triple.id, staff(at("2026-06-03T00:00:00Z")));
    expect(ended).toMatchObject({ status: "ended", endedAt: "2026-06-03T00:00:00.000Z" });
    expect((await earnAt(shop.id, customer, 10_000n, at("2026-06-04T00:00:00Z"))).points).toBe(100 + 100 + 10 + 5);
    // An order that earns nothing gets no bonus.
    expect((await earnAt(shop.id, customer, 0n, at("2026-06-04T00:00:00Z"))).points).toBe(0);
    expect(await testDb().staffAuditEntry.count({ where: { shopId: shop.id, action: { startsWith: "campaign_" } } })).toBe(6);
    expect(await refusal(endCampaign(testDb(), shop.id, "missing", staff(now)))).toMatchObject({ code: "campaign_not_found", status: 404 });
  });

  it("limits a campaign to tiers", async () => {
    const shop = await newShop(undefined, "UTC");
    await saveTiers(shop.id, [
      { name: "Bronze", threshold: "0" },
      { name: "Silver", threshold: "500" },
    ]);
    const silver = await tierIdByName(shop.id, "Silver");
    const now = new Date();
    await createCampaign(testDb(), shop.id, { name: "Silver bonus", type: "fixed_bonus", bonusPoints: 50, startDay: "2026-01-01", endDay: "2099-12-31", tierIds: [silver] }, staff(now));
    const customer = bigId();
    expect((await earnAt(shop.id, customer, 60_000n, now)).points).toBe(600); // not Silver yet when it earned
    expect((await memberOf(shop.id, customer)).tierId).toBe(silver);
    expect((await earnAt(shop.id, customer, 10_000n, now)).points).toBe(150);
  });

  it("limits a campaign to a customer tag from the order payload and to collections (product data from the Admin API)", async () => {
    const remote = standin.createShop({ name: "Campaign Shop" });
    const shop = await newShop(remote.domain, "UTC");
    const bath = remote.collections.find((c) => c.handle === "bath-body")!;
    const now = at("2026-06-05T12:00:00Z");
    await createCampaign(testDb(), shop.id, { name: "VIP week", type: "fixed_bonus", bonusPoints: 25, startDay: "2026-06-01", endDay: "2026-06-07", customerTag: "vip" }, staff(now));
    await createCampaign(testDb(), shop.id, { name: "Bath double", type: "multiplier", multiplier: 2, startDay: "2026-06-01", endDay: "2026-06-07", collectionIds: [bath.id.toString()] }, staff(now));
    const vip = await standin.createCustomer(remote.domain, { email: "vip@example.com", tags: ["VIP", "wholesale"] }, { webhook: false });
    const plain = await standin.createCustomer(remote.domain, { email: "plain@example.com" }, { webhook: false });
    const candle = remote.products.find((p) => p.title === "Cedar Candle")!; // Home & Gifts, 32.00
    const bomb = remote.products.find((p) => p.title === "Lavender Bath Bomb")!; // Bath & Body, 8.00
    const productInfo = (ids: string[]) => fetchProductEarnInfo(standinAdmin(standin, remote.domain), ids);

    async function paid(customerId: bigint) {
      const placed = await standin.placeOrder(remote.domain, {
        customerId: customerId.toString(),
        lines: [{ variantId: candle.variants[0]!.id.toString() }, { variantId: bomb.variants[0]!.id.toString() }],
        webhooks: false,
      });
      const normalized = parseOrderPayload(parseJsonWithExactIds(toShopifyJson(orderPayload(remote, placed))));
      return earnOnOrder(testDb(), shop.id, normalized, "paid", { now, productInfo });
    }
    // 40 points; the bath bomb's 8 of them doubled (+8); the VIP tag adds 25.
    expect(await paid(vip.id)).toMatchObject({ status: "earned", points: 40 + 8 + 25 });
    expect(await paid(plain.id)).toMatchObject({ status: "earned", points: 40 + 8 });
  });
});
