// Surprise points on a real database: members' Shopify tags come from the customers/* webhooks
// (stand-in payloads through the inbox), a run by tag is killed after its first page and resumed
// with every member granted exactly once, a lost progress update does not grant twice, a run by
// tier, and validation with field errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveWebhook } from "../../../app/services/inbox/receive-webhook.server";
import { drainInbox } from "../../../app/services/inbox/worker.server";
import { replayShop } from "../../../app/services/ledger/replay.server";
import { listSurpriseRuns, processSurpriseRun, startSurpriseRun, surpriseRunsJob } from "../../../app/services/surprise/surprise-run.server";
import { topicHandlers } from "../../../app/services/webhooks/topic-handlers.server";
import { customerPayload, toShopifyJson } from "../../standin/payloads";
import { type Standin, startStandin } from "../../standin/index";
import { testDb, testProvider } from "../../support/test-db";
import { webhookRequest } from "../../support/webhook-request";
import { earn, newShop, saveTiers, STAFF, tierIdByName } from "../tiers/fixtures";
import { bigId } from "../../support/orders";
import { refusal } from "../../support/refusal";

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ appUrl: "http://127.0.0.1:9" });
});
afterAll(async () => {
  await standin.close();
});

/** Customers created in the stand-in and delivered to the app as customers/create webhooks. */
async function customersWithTags(remote: ReturnType<Standin["createShop"]>, tagSets: string[][]) {
  const ids: string[] = [];
  for (const tags of tagSets) {
    const c = await standin.createCustomer(remote.domain, { email: `c${bigId()}@example.com`, tags }, { webhook: false });
    await receiveWebhook(testDb(), webhookRequest("customers/create", toShopifyJson(customerPayload(remote, c, "customers/create")), { shop: remote.domain }));
    ids.push(c.id.toString());
  }
  await drainInbox({ db: testDb(), provider: testProvider(), handlers: topicHandlers });
  return ids;
}

const bonusesOf = (shopId: string) => testDb().ledgerEntry.findMany({ where: { shopId, sourceType: "surprise" }, select: { memberId: true, points: true, reason: true, staffUserId: true } });

describe(`surprise points on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("a run by tag killed after page 1 and resumed grants every member exactly once", async () => {
    const remote = standin.createShop({ name: "Surprise Shop" });
    const shop = await newShop(remote.domain);
    await customersWithTags(remote, [["VIP"], ["vip", "wholesale"], [], ["VIP"], ["other"], ["VIP"], ["Vip"]]);
    const stored = await testDb().member.findMany({ where: { shopId: shop.id }, select: { shopifyTags: true } });
    expect(stored.map((m) => m.shopifyTags).sort()).toContain('["vip","wholesale"]');

    const run = await startSurpriseRun(testDb(), shop.id, { segment: { type: "tag", tag: "VIP" }, points: 250, reason: "Thank you for 10 years" }, STAFF);
    expect(run).toMatchObject({ status: "pending", total: 5, processed: 0, segment: { type: "tag", tag: "vip" } });

    let pages = 0;
    const crash = processSurpriseRun(testDb(), shop.id, run.id, {
      pageSize: 2,
      afterPage: () => {
        pages++;
        throw new Error("killed after page 1");
      },
    });
    await expect(crash).rejects.toThrow("killed after page 1");
    expect(pages).toBe(1);
    const stopped = (await listSurpriseRuns(testDb(), shop.id))[0]!;
    expect(stopped).toMatchObject({ status: "failed", processed: 2, granted: 2, lastError: "killed after page 1" });
    expect(await bonusesOf(shop.id)).toHaveLength(2);

    const progress: number[] = [];
    const done = await processSurpriseRun(testDb(), shop.id, run.id, { pageSize: 2, afterPage: (r) => void progress.push(r.processed) });
    expect(progress).toEqual([4, 5]);
    expect(done).toMatchObject({ status: "completed", total: 5, processed: 5, granted: 5, lastError: null });

    const bonuses = await bonusesOf(shop.id);
    expect(bonuses).toHaveLength(5);
    expect(new Set(bonuses.map((b) => b.memberId)).size).toBe(5);
    expect(bonuses.every((b) => b.points === 250 && b.reason === "Thank you for 10 years" && b.staffUserId === STAFF)).toBe(true);
    const balances = await testDb().member.findMany({ where: { shopId: shop.id }, select: { balance: true } });
    expect(balances.map((m) => m.balance).sort((a, b) => a - b)).toEqual([0, 0, 250, 250, 250, 250, 250]);

    // A completed run does nothing more; and even a progress update lost in a crash (cursor gone)
    // grants nobody twice, by the business keys.
    expect(await processSurpriseRun(testDb(), shop.id, run.id)).toMatchObject({ status: "completed", granted: 5 });
    await testDb().surprisePointsRun.update({ where: { id: run.id }, data: { status: "running", cursor: null, processed: 0, granted: 0 } });
    expect(await processSurpriseRun(testDb(), shop.id, run.id, { pageSize: 2 })).toMatchObject({ status: "completed", processed: 5, granted: 0 });
    expect(await bonusesOf(shop.id)).toHaveLength(5);
    expect(await testDb().staffAuditEntry.count({ where: { shopId: shop.id, action: "surprise_points_started" } })).toBe(1);
    expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
  });

  it("the background job resumes a stalled run", async () => {
    const remote = standin.createShop({ name: "Stalled Shop" });
    const shop = await newShop(remote.domain);
    await customersWithTags(remote, [["gold"], ["gold"], ["gold"]]);
    const run = await startSurpriseRun(testDb(), shop.id, { segment: { type: "tag", tag: "gold" }, points: 10, reason: "Oops, sorry" }, STAFF);
    await expect(processSurpriseRun(testDb(), shop.id, run.id, { pageSize: 1, afterPage: () => Promise.reject(new Error("crash")) })).rejects.toThrow("crash");
    // Not stalled yet: the job leaves it alone; ten minutes later it finishes it.
    await surpriseRunsJob(testDb()).run();
    expect((await bonusesOf(shop.id)).length).toBe(1);
    await surpriseRunsJob(testDb(), { now: () => new Date(Date.now() + 10 * 60_000) }).run();
    expect((await listSurpriseRuns(testDb(), shop.id))[0]).toMatchObject({ status: "completed", processed: 3, granted: 3 });
    expect(await bonusesOf(shop.id)).toHaveLength(3);
  });

  it("grants to a tier's members; refuses invalid input with field errors", async () => {
    const shop = await newShop();
    await saveTiers(shop.id);
    const silverCustomer = bigId();
    const bronzeCustomer = bigId();
    await earn(shop.id, silverCustomer, 60_000n); // 600 points: Silver
    await earn(shop.id, bronzeCustomer, 10_000n); // 100 points: Bronze
    const silver = await tierIdByName(shop.id, "Silver");
    const run = await startSurpriseRun(testDb(), shop.id, { segment: { type: "tier", tierId: silver }, points: 100, reason: "Silver surprise" }, STAFF);
    expect(await processSurpriseRun(testDb(), shop.id, run.id)).toMatchObject({ status: "completed", total: 1, granted: 1 });
    const members = await testDb().member.findMany({ where: { shopId: shop.id }, select: { customerId: true, balance: true } });
    expect(Object.fromEntries(members.map((m) => [m.customerId, m.balance]))).toEqual({ [silverCustomer]: 700, [bronzeCustomer]: 100 });

    const bad = await refusal(startSurpriseRun(testDb(), shop.id, { segment: { type: "tag", tag: " " }, points: 0, reason: "" }, STAFF));
    expect(bad).toMatchObject({ code: "invalid_surprise_points", status: 422 });
    expect(bad.details?.fieldErrors).toEqual({ "segment.tag": "is required", points: "must be at least 1", reason: "is required" });
    const unknownTier = await refusal(startSurpriseRun(testDb(), shop.id, { segment: { type: "tier", tierId: "nope" }, points: 5, reason: "x" }, STAFF));
    expect(unknownTier.details?.fieldErrors).toEqual({ "segment.tierId": "is not a tier of this shop" });
    expect(await testDb().surprisePointsRun.count({ where: { shopId: shop.id } })).toBe(1);
  });
});
