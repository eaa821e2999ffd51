// An entry reward given as a catalog reward: owed when the member reaches the tier (inside the
// evaluation), issued once as a free code through Shopify (the stand-in), retried after a failure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReward } from "../../../app/services/rewards/catalog.server";
import { issueTierEntryRewards, TIER_SYSTEM_USER } from "../../../app/services/rewards/tier-entry-rewards.server";
import { type Standin, startStandin } from "../../standin/index";
import { standinAdmin } from "../../support/standin-admin";
import { testDb } from "../../support/test-db";
import { earn, evaluate, memberOf, newShop, saveTiers } from "./fixtures";

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ appUrl: "http://127.0.0.1:9" });
});
afterAll(async () => {
  await standin.close();
});

describe(`tier entry rewards on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("issues the catalog reward once, free, after the member reaches the tier; a failure is retried", async () => {
    const remote = standin.createShop({ name: "Entry Shop" });
    const shop = await newShop(remote.domain);
    const reward = await createReward(testDb(), shop.id, { title: "$10 welcome to Silver", type: "fixed_amount", pointsCost: 1000, config: { amount: "10.00" }, codeValidityDays: 30 });
    await saveTiers(shop.id, [
      { name: "Bronze", threshold: "0" },
      { name: "Silver", threshold: "500", perks: { entryReward: { rewardId: reward.id } } },
    ]);
    const admin = standinAdmin(standin, remote.domain);
    const customer = (await standin.createCustomer(remote.domain, { email: "entry@example.com" }, { webhook: false })).id.toString();
    await earn(shop.id, customer, 60_000n);
    await evaluate(shop.id, customer, new Date());
    const member = await memberOf(shop.id, customer);
    expect(member.balance).toBe(600); // the marker costs and gives nothing
    expect(await testDb().ledgerEntry.count({ where: { memberId: member.id, businessKey: { startsWith: "tier-entry:" } } })).toBe(1);

    standin.failNext({ operation: "discountCodeBasicCreate" }, "http500");
    expect(await issueTierEntryRewards(testDb(), shop.id, admin)).toMatchObject({ issued: 0, failed: 1, errors: [expect.stringMatching(/^tier-entry:.*could not create/)] });
    expect(await issueTierEntryRewards(testDb(), shop.id, admin)).toMatchObject({ issued: 1, failed: 0 });
    expect(await issueTierEntryRewards(testDb(), shop.id, admin)).toMatchObject({ issued: 0, failed: 0 });

    const issued = await testDb().redemption.findMany({ where: { memberId: member.id, status: "issued" } });
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({ rewardId: reward.id, pointsCost: 0, issuedBy: "staff", staffUserId: TIER_SYSTEM_USER });
    expect(standin.findDiscountCode(remote.domain, issued[0]!.code!)).toBeDefined();
    expect((await memberOf(shop.id, customer)).balance).toBe(600);
  });
});
