// What shoppers and operators see of tiers: GET /proxy/me's member view and /proxy/program, the
// operator CLI's `balance`, and tier-only rewards refused below their tier (under the member lock),
// all from orders earned through the real earn path (which applies the multiplier and evaluates).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../../app/cli/commands";
import { createReward } from "../../../app/services/rewards/catalog.server";
import { redeemReward } from "../../../app/services/rewards/redemptions.server";
import { memberView } from "../../../app/services/storefront/member-view.server";
import { programView } from "../../../app/services/storefront/program-view.server";
import { type Standin, startStandin } from "../../standin/index";
import { standinAdmin } from "../../support/standin-admin";
import { testDb, testProvider } from "../../support/test-db";
import { earn, refund, saveTiers, tierIdByName } from "./fixtures";

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ appUrl: "http://127.0.0.1:9" });
});
afterAll(async () => {
  await standin.close();
});

async function setup() {
  const remote = standin.createShop({ name: "Tier Shop" });
  const shop = await testDb().shop.create({ data: { domain: remote.domain, currency: "USD" } });
  const { saveProgramSettings } = await import("../../../app/services/program/settings.server");
  const { defaultProgramSettings } = await import("../../../app/loyalty/program-settings");
  await saveProgramSettings(testDb(), shop.id, defaultProgramSettings());
  const customer = await standin.createCustomer(remote.domain, { email: "vip@example.com" }, { webhook: false });
  return { remote, shop, customerId: customer.id.toString(), admin: standinAdmin(standin, remote.domain) };
}

describe(`tiers as members see them on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("GET /proxy/me reports tier, next tier and progress; refunds move them back", async () => {
    const { shop, customerId } = await setup();
    await saveTiers(shop.id);
    const before = await memberView(testDb(), shop.id, customerId);
    expect(before.member).toMatchObject({ tier: null, nextTier: { name: "Silver", remaining: 500 }, progress: { value: 0 } });

    const o = await earn(shop.id, customerId, 70_000n); // 700 points: Silver
    const silver = await memberView(testDb(), shop.id, customerId);
    expect(silver.member).toMatchObject({
      balance: 700,
      tier: { id: await tierIdByName(shop.id, "Silver"), name: "Silver", earnMultiplier: "1", freeShipping: false },
      nextTier: { name: "Gold", threshold: 1000, remaining: 300 },
      progress: { metric: "points", window: "lifetime", value: 700 },
    });

    // Lifetime window + end_of_window: a refund below Silver drops the member at once.
    await refund(shop.id, o); // one of two units: 350 taken back
    const after = await memberView(testDb(), shop.id, customerId);
    expect(after.member).toMatchObject({ balance: 350, tier: { name: "Bronze" }, nextTier: { name: "Silver", remaining: 150 }, progress: { value: 350 } });

    const program = await programView(testDb(), shop.id);
    expect(program.tiers.map((t) => [t.name, t.threshold, t.metric, t.earnMultiplier])).toEqual([
      ["Bronze", 0, "points", "1"],
      ["Silver", 500, "points", "1"],
      ["Gold", 1000, "points", "1.5"],
    ]);
  });

  it("the CLI's balance names the tier and what is left to the next one", async () => {
    const { shop, customerId } = await setup();
    await saveTiers(shop.id);
    await earn(shop.id, customerId, 120_000n); // 1200: Gold (top)
    const result = await commands.balance!({ db: testDb(), provider: testProvider(), flags: { failed: false } }, [shop.domain, customerId]);
    expect(result.text).toContain("balance 1200");
    expect(result.text).toContain("tier Gold");
    expect(result.text).toContain("tier progress 1200 points (lifetime), top tier");
    expect(result.data).toMatchObject({ tier: "Gold", tierProgress: { value: "1200", nextTier: null } });

    const other = (await standin.createCustomer(shop.domain, { email: "b@example.com" }, { webhook: false })).id.toString();
    await earn(shop.id, other, 60_000n);
    const silver = await commands.balance!({ db: testDb(), provider: testProvider(), flags: { failed: false } }, [shop.domain, other]);
    expect(silver.text).toContain("tier progress 600 points (lifetime), 400 to Gold");
  });

  it("a Gold-only reward is offered to and redeemable by Gold members only", async () => {
    const { shop, customerId, admin } = await setup();
    await saveTiers(shop.id);
    const goldOnly = await createReward(testDb(), shop.id, {
      title: "$20 off for Gold",
      type: "fixed_amount",
      pointsCost: 500,
      config: { amount: "20.00" },
      codeValidityDays: 30,
      minimumTierId: await tierIdByName(shop.id, "Gold"),
    });
    const ctx = { db: testDb(), shopId: shop.id, currency: "USD", admin, now: new Date() };
    await earn(shop.id, customerId, 90_000n); // 900: Silver, enough points but not the tier
    expect((await memberView(testDb(), shop.id, customerId)).affordableRewardIds).not.toContain(goldOnly.id);
    await expect(redeemReward(ctx, { customerId, rewardId: goldOnly.id })).rejects.toMatchObject({ code: "tier_required" });
    expect((await testDb().member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: shop.id, customerId } } })).balance).toBe(900);

    await earn(shop.id, customerId, 10_000n); // 1000: Gold
    const view = await memberView(testDb(), shop.id, customerId);
    expect(view.member.tier?.name).toBe("Gold");
    expect(view.affordableRewardIds).toContain(goldOnly.id);
    const redemption = await redeemReward({ ...ctx, now: new Date() }, { customerId, rewardId: goldOnly.id });
    expect(redemption.status).toBe("issued");
  });

  it("the free-shipping perk makes free-shipping rewards free for the tier's members only", async () => {
    const { shop, customerId, admin } = await setup();
    await saveTiers(shop.id, [
      { name: "Bronze", threshold: "0" },
      { name: "Silver", threshold: "500", perks: { freeShipping: true } },
    ]);
    const shipping = await createReward(testDb(), shop.id, { title: "Free shipping", type: "free_shipping", pointsCost: 300, config: { maxShippingPrice: "20.00" }, codeValidityDays: 30 });
    const ctx = () => ({ db: testDb(), shopId: shop.id, currency: "USD", admin, now: new Date() });
    const balanceOf = async (id: string) => (await testDb().member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: shop.id, customerId: id } } })).balance;

    const bronze = (await standin.createCustomer(shop.domain, { email: "c@example.com" }, { webhook: false })).id.toString();
    await earn(shop.id, bronze, 40_000n); // 400: Bronze pays 300
    expect((await memberView(testDb(), shop.id, bronze)).freeRewardIds).toEqual([]);
    await redeemReward(ctx(), { customerId: bronze, rewardId: shipping.id });
    expect(await balanceOf(bronze)).toBe(100);

    await earn(shop.id, customerId, 60_000n); // 600: Silver redeems it for nothing
    const view = await memberView(testDb(), shop.id, customerId);
    expect(view.freeRewardIds).toEqual([shipping.id]);
    const redemption = await redeemReward(ctx(), { customerId, rewardId: shipping.id });
    expect(redemption).toMatchObject({ status: "issued", pointsCost: 0 });
    expect(await balanceOf(customerId)).toBe(600);
    expect(standin.findDiscountCode(shop.domain, redemption.code!)).toMatchObject({ kind: "free_shipping", usageLimit: 1 });
  });
});
