// Referrals end to end against the stand-in: the advocate's link, the friend's welcome code (one
// per email, a real discount in the stand-in), the friend's order paid with it through the webhook
// inbox, the advocate's points pending until the return window passes and cancelled by a refund,
// each fraud rule, results per advocate for staff, and GET /proxy/me's referral link.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultProgramSettings } from "../../../app/loyalty/program-settings";
import { receiveWebhook } from "../../../app/services/inbox/receive-webhook.server";
import { drainInbox } from "../../../app/services/inbox/worker.server";
import { replayShop } from "../../../app/services/ledger/replay.server";
import { saveProgramSettings } from "../../../app/services/program/settings.server";
import { referralLinkOf } from "../../../app/services/referrals/referral-link.server";
import { releaseReferralRewards } from "../../../app/services/referrals/referral-order.server";
import { referralResults } from "../../../app/services/referrals/referral-results.server";
import { claimWelcomeCode } from "../../../app/services/referrals/welcome-code.server";
import { createReward } from "../../../app/services/rewards/catalog.server";
import { memberView } from "../../../app/services/storefront/member-view.server";
import { topicHandlers } from "../../../app/services/webhooks/topic-handlers.server";
import { customerPayload, orderPayload, refundPayload, toShopifyJson } from "../../standin/payloads";
import { type Standin, startStandin } from "../../standin/index";
import { standinAdmin } from "../../support/standin-admin";
import { testDb, testProvider } from "../../support/test-db";
import { webhookRequest } from "../../support/webhook-request";
import { refusal } from "../../support/refusal";

const DAY = 86_400_000;

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ appUrl: "http://127.0.0.1:9" });
});
afterAll(async () => {
  await standin.close();
});

/** A stand-in shop with a referral program (500 points per friend, pending 14 days, cap 2 a month). */
async function setup(overrides: { pendingDays?: number; monthlyCap?: number } = {}) {
  const remote = standin.createShop({ name: "Referral Shop" });
  const shop = await testDb().shop.create({ data: { domain: remote.domain } });
  const reward = await createReward(testDb(), shop.id, { title: "$10 off", type: "fixed_amount", pointsCost: 1000, config: { amount: "10.00" }, codeValidityDays: 30 });
  const defaults = defaultProgramSettings();
  await saveProgramSettings(testDb(), shop.id, {
    ...defaults,
    earn: { ...defaults.earn, pendingDays: overrides.pendingDays ?? 14 },
    referrals: { enabled: true, advocatePoints: 500, welcomeRewardId: reward.id, monthlyCap: overrides.monthlyCap ?? 2 },
  });
  const admin = standinAdmin(standin, remote.domain);
  const deliver = async (topic: string, payload: unknown) => {
    await receiveWebhook(testDb(), webhookRequest(topic, toShopifyJson(payload), { shop: remote.domain }));
    await drainInbox({ db: testDb(), provider: testProvider(), handlers: topicHandlers });
  };
  const customer = async (email: string) => {
    const c = await standin.createCustomer(remote.domain, { email }, { webhook: false });
    await deliver("customers/create", customerPayload(remote, c, "customers/create"));
    return c;
  };
  /** An order of one bath bomb (8.00) paid, with the given discount codes, delivered as orders/paid. */
  const paidOrder = async (customerId: bigint, discountCodes: string[] = []) => {
    const bomb = remote.products.find((p) => p.title === "Lavender Bath Bomb")!;
    const placed = await standin.placeOrder(remote.domain, { customerId: customerId.toString(), lines: [{ variantId: bomb.variants[0]!.id.toString() }], discountCodes, webhooks: false });
    await deliver("orders/paid", orderPayload(remote, placed));
    return placed;
  };
  const advocate = await customer("advocate@example.com");
  const advocateMember = await testDb().member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: shop.id, customerId: advocate.id.toString() } } });
  const link = (await referralLinkOf(testDb(), shop.id, advocateMember.id))!;
  return { remote, shop, admin, deliver, customer, paidOrder, advocate, advocateMember, link };
}

const referralOf = (shopId: string, friendEmail: string) => testDb().referral.findUniqueOrThrow({ where: { shopId_friendEmail: { shopId, friendEmail } } });
const memberById = (id: string) => testDb().member.findUniqueOrThrow({ where: { id } });

describe(`referrals on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("a friend's first order with the welcome code earns the advocate pending points, released after the return window", async () => {
    const { remote, shop, admin, customer, paidOrder, advocateMember, link } = await setup();
    expect(link).toEqual({ code: expect.stringMatching(/^[A-Z2-9]{8}$/), url: `https://${remote.domain}/apps/tally/r/${link.code}` });
    expect(await referralLinkOf(testDb(), shop.id, advocateMember.id)).toEqual(link);

    const welcome = await claimWelcomeCode(testDb(), shop.id, link.code.toLowerCase(), " Friend@Example.com ", { admin });
    expect(welcome).toMatchObject({ code: expect.stringMatching(/^WELCOME-/), created: true });
    // One code per friend email.
    expect(await claimWelcomeCode(testDb(), shop.id, link.code, "friend@example.com", { admin })).toMatchObject({ code: welcome.code, created: false });
    expect(standin.findDiscountCode(remote.domain, welcome.code)).toBeDefined();

    const friend = await customer("friend@example.com");
    await paidOrder(friend.id, [welcome.code]);
    expect(await referralOf(shop.id, "friend@example.com")).toMatchObject({ status: "pending", points: 500, friendCustomerId: friend.id.toString() });
    expect(await memberById(advocateMember.id)).toMatchObject({ balance: 0, pending: 500 });

    expect(await releaseReferralRewards(testDb(), shop.id, new Date(Date.now() + 2 * DAY))).toEqual({ referrals: 0, points: 0 });
    expect(await releaseReferralRewards(testDb(), shop.id, new Date(Date.now() + 16 * DAY))).toEqual({ referrals: 1, points: 500 });
    expect(await releaseReferralRewards(testDb(), shop.id, new Date(Date.now() + 17 * DAY))).toEqual({ referrals: 0, points: 0 });
    expect(await memberById(advocateMember.id)).toMatchObject({ balance: 500, pending: 0, lifetimeEarned: 500 });

    const view = await memberView(testDb(), shop.id, advocateMember.customerId);
    expect(view.member.referral).toEqual(link);
    expect(await referralResults(testDb(), shop.id)).toEqual([
      expect.objectContaining({ advocateMemberId: advocateMember.id, email: "advocate@example.com", invited: 1, rewarded: 1, pending: 0, pointsEarned: 500, rejected: {} }),
    ]);
    expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
  });

  it("a refund of the friend's order before release cancels the advocate's pending points", async () => {
    const { remote, shop, admin, customer, paidOrder, deliver, advocateMember, link } = await setup();
    const welcome = await claimWelcomeCode(testDb(), shop.id, link.code, "refunder@example.com", { admin });
    const friend = await customer("refunder@example.com");
    const placed = await paidOrder(friend.id, [welcome.code]);
    expect(await memberById(advocateMember.id)).toMatchObject({ pending: 500 });
    const refund = await standin.refundOrder(remote.domain, placed.id.toString(), { lines: [{ lineItemId: placed.lines[0]!.id.toString(), quantity: 1 }], webhooks: false });
    await deliver("refunds/create", refundPayload(remote, placed, refund));
    expect(await referralOf(shop.id, "refunder@example.com")).toMatchObject({ status: "cancelled", rejectReason: "order_refunded" });
    expect(await memberById(advocateMember.id)).toMatchObject({ balance: 0, pending: 0, lifetimeEarned: 0 });
    expect(await releaseReferralRewards(testDb(), shop.id, new Date(Date.now() + 30 * DAY))).toEqual({ referrals: 0, points: 0 });
    expect((await referralResults(testDb(), shop.id, { advocateMemberId: advocateMember.id }))[0]).toMatchObject({ cancelled: 1, rewarded: 0, pointsEarned: 0 });
    expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
  });

  it("with no return window the advocate is rewarded at once", async () => {
    const { shop, admin, customer, paidOrder, advocateMember, link } = await setup({ pendingDays: 0 });
    const welcome = await claimWelcomeCode(testDb(), shop.id, link.code, "quick@example.com", { admin });
    await paidOrder((await customer("quick@example.com")).id, [welcome.code]);
    expect(await referralOf(shop.id, "quick@example.com")).toMatchObject({ status: "rewarded" });
    expect(await memberById(advocateMember.id)).toMatchObject({ balance: 500, pending: 0 });
  });

  it("rejects self-referral by customer and by email, friends with earlier orders, and referrals over the monthly cap", async () => {
    const { shop, admin, customer, paidOrder, advocate, advocateMember, link } = await setup({ monthlyCap: 1 });
    // The advocate's own email is refused when the code is asked for.
    expect(await refusal(claimWelcomeCode(testDb(), shop.id, link.code, "ADVOCATE@example.com", { admin }))).toMatchObject({ code: "self_referral", status: 422 });
    expect(await refusal(claimWelcomeCode(testDb(), shop.id, "NOSUCHCODE", "x@example.com", { admin }))).toMatchObject({ code: "referral_not_found", status: 404 });

    // The advocate uses a code asked for under another email.
    const alias = await claimWelcomeCode(testDb(), shop.id, link.code, "alias@example.com", { admin });
    await paidOrder(advocate.id, [alias.code]);
    expect(await referralOf(shop.id, "alias@example.com")).toMatchObject({ status: "rejected", rejectReason: "self_referral_customer" });

    // A friend who already ordered is not a new customer.
    const regular = await customer("regular@example.com");
    await paidOrder(regular.id);
    const late = await claimWelcomeCode(testDb(), shop.id, link.code, "regular@example.com", { admin });
    await paidOrder(regular.id, [late.code]);
    expect(await referralOf(shop.id, "regular@example.com")).toMatchObject({ status: "rejected", rejectReason: "not_new_customer" });

    // The first new friend this month qualifies; the second is over the cap of 1.
    for (const email of ["first@example.com", "second@example.com"]) {
      const code = await claimWelcomeCode(testDb(), shop.id, link.code, email, { admin });
      await paidOrder((await customer(email)).id, [code.code]);
    }
    expect(await referralOf(shop.id, "first@example.com")).toMatchObject({ status: "pending" });
    expect(await referralOf(shop.id, "second@example.com")).toMatchObject({ status: "rejected", rejectReason: "monthly_cap" });
    expect(await memberById(advocateMember.id)).toMatchObject({ pending: 500 });
    expect((await referralResults(testDb(), shop.id))[0]).toMatchObject({
      invited: 4,
      pending: 1,
      pointsPending: 500,
      rejected: { self_referral_customer: 1, not_new_customer: 1, monthly_cap: 1 },
    });
  });

  it("rejects a friend shipping to the advocate's address", async () => {
    const { remote, shop, admin, customer, paidOrder, deliver, advocate, link } = await setup();
    // The advocate's default address (customers/update) is where the stand-in's orders ship.
    const bomb = remote.products.find((p) => p.title === "Lavender Bath Bomb")!;
    const sample = orderPayload(remote, await standin.placeOrder(remote.domain, { lines: [{ variantId: bomb.variants[0]!.id.toString() }], webhooks: false })) as { shipping_address: unknown };
    await deliver("customers/update", { ...customerPayload(remote, advocate, "customers/update"), default_address: sample.shipping_address });
    const welcome = await claimWelcomeCode(testDb(), shop.id, link.code, "roommate@example.com", { admin });
    await paidOrder((await customer("roommate@example.com")).id, [welcome.code]);
    expect(await referralOf(shop.id, "roommate@example.com")).toMatchObject({ status: "rejected", rejectReason: "self_referral_address" });
  });
});
