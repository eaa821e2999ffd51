// Referrals end to end against the stand-in: the advocate's link and welcome code (one per
// advocate, a real discount in the stand-in restricted to customers with no order), friends'
// orders paid with it through the webhook inbox, the advocate's points pending until the return
// window passes, and the reward following the friend's order like an earn (refund, cancellation,
// partial refund below the welcome reward's minimum), each fraud rule, results per advocate for
// staff, and GET /proxy/me's referral link.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultProgramSettings } from "../../../app/loyalty/program-settings";
import { receiveWebhook } from "../../../app/services/inbox/receive-webhook.server";
import { drainInbox } from "../../../app/services/inbox/worker.server";
import { postEntry } from "../../../app/services/ledger/post-entry.server";
import { replayShop } from "../../../app/services/ledger/replay.server";
import { saveProgramSettings } from "../../../app/services/program/settings.server";
import { reconcileShop } from "../../../app/services/reconcile/reconcile-shop.server";
import { referralLinkOf } from "../../../app/services/referrals/referral-link.server";
import { releaseReferralRewards } from "../../../app/services/referrals/referral-order.server";
import { referralResults } from "../../../app/services/referrals/referral-results.server";
import { revokeOldWelcomeCodes } from "../../../app/services/referrals/revoke-old-codes.server";
import { claimWelcomeCode } from "../../../app/services/referrals/welcome-code.server";
import { createReward } from "../../../app/services/rewards/catalog.server";
import { memberView } from "../../../app/services/storefront/member-view.server";
import { topicHandlers } from "../../../app/services/webhooks/topic-handlers.server";
import { customerPayload, orderPayload, refundPayload, toShopifyJson } from "../../standin/payloads";
import { type Standin, startStandin } from "../../standin/index";
import { standinAdmin } from "../../support/standin-admin";
import { testDb, testProvider } from "../../support/test-db";
import { webhookRequest } from "../../support/webhook-request";

const DAY = 86_400_000;

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ appUrl: "http://127.0.0.1:9" });
});
afterAll(async () => {
  await standin.close();
});

/** A stand-in shop with a referral program (500 points per friend, pending 14 days, cap 2 a month). */
async function setup(overrides: { pendingDays?: number; monthlyCap?: number; minimumSubtotal?: string; clawback?: "clamp" | "allow_negative" } = {}) {
  const remote = standin.createShop({ name: "Referral Shop" });
  const shop = await testDb().shop.create({ data: { domain: remote.domain } });
  const reward = await createReward(testDb(), shop.id, {
    title: "$10 off",
    type: "fixed_amount",
    pointsCost: 1000,
    config: { amount: "10.00" },
    codeValidityDays: 30,
    ...(overrides.minimumSubtotal ? { minimumSubtotal: overrides.minimumSubtotal } : {}),
  });
  const defaults = defaultProgramSettings();
  await saveProgramSettings(testDb(), shop.id, {
    ...defaults,
    clawback: overrides.clawback ?? defaults.clawback,
    earn: { ...defaults.earn, pendingDays: overrides.pendingDays ?? 14 },
    referrals: { enabled: true, advocatePoints: 500, welcomeRewardId: reward.id, monthlyCap: overrides.monthlyCap ?? 2 },
  });
  const admin = standinAdmin(standin, remote.domain);
  /** A webhook signed as Shopify signs it, through the app's inbox and worker. */
  const deliver = async (topic: string, payload: unknown) => {
    await receiveWebhook(testDb(), webhookRequest(topic, toShopifyJson(payload), { shop: remote.domain }));
    await drainInbox({ db: testDb(), provider: testProvider(), handlers: topicHandlers });
  };
  const customer = async (email: string) => {
    const c = await standin.createCustomer(remote.domain, { email }, { webhook: false });
    await deliver("customers/create", customerPayload(remote, c, "customers/create"));
    return c;
  };
  const bomb = remote.products.find((p) => p.title === "Lavender Bath Bomb")!;
  /** An order of bath bombs (8.00 each) placed through the stand-in's checkout, delivered as orders/paid. */
  const paidOrder = async (customerId: bigint, discountCodes: string[] = [], quantity = 1) => {
    const placed = await standin.placeOrder(remote.domain, { customerId: customerId.toString(), lines: [{ variantId: bomb.variants[0]!.id.toString(), quantity }], discountCodes, webhooks: false });
    await deliver("orders/paid", orderPayload(remote, placed));
    return placed;
  };
  const refund = async (placed: Awaited<ReturnType<typeof paidOrder>>, quantity: number) => {
    const r = await standin.refundOrder(remote.domain, placed.id.toString(), { lines: [{ lineItemId: placed.lines[0]!.id.toString(), quantity }], webhooks: false });
    await deliver("refunds/create", refundPayload(remote, placed, r));
  };
  const advocate = await customer("advocate@example.com");
  const advocateMember = await testDb().member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: shop.id, customerId: advocate.id.toString() } } });
  const link = (await referralLinkOf(testDb(), shop.id, advocateMember.id))!;
  const welcome = await claimWelcomeCode(testDb(), shop.id, link.code, { admin, clientIp: "203.0.113.1" });
  return { remote, shop, admin, deliver, customer, paidOrder, refund, advocate, advocateMember, link, welcome };
}

const referralOfOrder = (shopId: string, orderId: bigint) => testDb().referral.findUniqueOrThrow({ where: { shopId_orderId: { shopId, orderId: orderId.toString() } } });
const memberById = (id: string) => testDb().member.findUniqueOrThrow({ where: { id } });

describe(`referrals on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("a friend's first order with the welcome code earns the advocate pending points, released after the return window", async () => {
    const { remote, shop, admin, customer, paidOrder, advocateMember, link, welcome } = await setup();
    expect(link).toEqual({ code: expect.stringMatching(/^[A-Z2-9]{8}$/), url: `https://${remote.domain}/apps/tally/r/${link.code}` });
    expect(await referralLinkOf(testDb(), shop.id, advocateMember.id)).toEqual(link);
    expect(welcome).toEqual({ code: expect.stringMatching(/^WELCOME-/), created: true });
    // One code per advocate, whoever asks (the code is case-insensitive in the link).
    expect(await claimWelcomeCode(testDb(), shop.id, link.code.toLowerCase(), { admin, clientIp: "203.0.113.2" })).toEqual({ code: welcome.code, created: false });
    expect(standin.findDiscountCode(remote.domain, welcome.code)).toBeDefined();

    const friend = await customer("friend@example.com");
    const placed = await paidOrder(friend.id, [welcome.code]);
    expect(await referralOfOrder(shop.id, placed.id)).toMatchObject({ status: "pending", points: 500, friendCustomerId: friend.id.toString(), friendEmail: null, welcomeCode: welcome.code });
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
    const { shop, customer, paidOrder, refund, advocateMember, welcome } = await setup();
    const placed = await paidOrder((await customer("refunder@example.com")).id, [welcome.code]);
    expect(await memberById(advocateMember.id)).toMatchObject({ pending: 500 });
    await refund(placed, 1);
    expect(await referralOfOrder(shop.id, placed.id)).toMatchObject({ status: "cancelled", rejectReason: "order_refunded" });
    expect(await memberById(advocateMember.id)).toMatchObject({ balance: 0, pending: 0, lifetimeEarned: 0 });
    expect(await releaseReferralRewards(testDb(), shop.id, new Date(Date.now() + 30 * DAY))).toEqual({ referrals: 0, points: 0 });
    expect((await referralResults(testDb(), shop.id, { advocateMemberId: advocateMember.id }))[0]).toMatchObject({ cancelled: 1, rewarded: 0, pointsEarned: 0 });
    expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
  });

  describe("with no return window (the default), the reward follows the friend's order like an earn", () => {
    it("a full refund takes the granted points back, once however often it is delivered", async () => {
      const { remote, shop, customer, paidOrder, deliver, advocateMember, welcome } = await setup({ pendingDays: 0 });
      const placed = await paidOrder((await customer("quick@example.com")).id, [welcome.code]);
      expect(await referralOfOrder(shop.id, placed.id)).toMatchObject({ status: "rewarded" });
      expect(await memberById(advocateMember.id)).toMatchObject({ balance: 500, pending: 0, lifetimeEarned: 500 });

      const r = await standin.refundOrder(remote.domain, placed.id.toString(), { lines: [{ lineItemId: placed.lines[0]!.id.toString(), quantity: 1 }], webhooks: false });
      await deliver("refunds/create", refundPayload(remote, placed, r));
      expect(await referralOfOrder(shop.id, placed.id)).toMatchObject({ status: "cancelled", rejectReason: "order_refunded" });
      expect(await memberById(advocateMember.id)).toMatchObject({ balance: 0, pending: 0, lifetimeEarned: 0 });
      // Shopify redelivers (a new webhook id, the same refund) and then cancels the order.
      await deliver("refunds/create", refundPayload(remote, placed, r));
      await standin.cancelOrder(remote.domain, placed.id.toString(), { webhooks: false });
      await deliver("orders/cancelled", orderPayload(remote, placed, "orders/cancelled"));
      expect(await memberById(advocateMember.id)).toMatchObject({ balance: 0, pending: 0, lifetimeEarned: 0 });
      const entries = await testDb().ledgerEntry.findMany({ where: { shopId: shop.id, memberId: advocateMember.id }, orderBy: { sequence: "asc" } });
      expect(entries.map((e) => [e.kind, e.points])).toEqual([
        ["bonus", 500],
        ["reverse", -500],
      ]);
      expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
    });

    it("a cancellation takes them back; the clawback setting decides about points already spent", async () => {
      const { remote, shop, customer, paidOrder, deliver, advocateMember, welcome } = await setup({ pendingDays: 0, clawback: "allow_negative" });
      const placed = await paidOrder((await customer("canceller@example.com")).id, [welcome.code]);
      // The advocate spent 300 of the 500 meanwhile.
      await testDb().$transaction((tx) => postEntry(tx, { shopId: shop.id, memberId: advocateMember.id, kind: "adjust", businessKey: "test:spend", points: -300, reason: "spent" }));
      await standin.cancelOrder(remote.domain, placed.id.toString(), { webhooks: false });
      await deliver("orders/cancelled", orderPayload(remote, placed, "orders/cancelled"));
      expect(await referralOfOrder(shop.id, placed.id)).toMatchObject({ status: "cancelled", rejectReason: "order_cancelled" });
      expect(await memberById(advocateMember.id)).toMatchObject({ balance: -300, pending: 0 });
      expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
    });

    it("a partial refund keeps the reward while what is kept meets the welcome reward's minimum", async () => {
      const { shop, customer, paidOrder, refund, advocateMember, welcome } = await setup({ pendingDays: 0, minimumSubtotal: "20.00", monthlyCap: 5 });
      // Four bath bombs (32.00): one refunded leaves 24.00, still over the 20.00 minimum.
      const placed = await paidOrder((await customer("partial@example.com")).id, [welcome.code], 4);
      await refund(placed, 1);
      expect(await referralOfOrder(shop.id, placed.id)).toMatchObject({ status: "rewarded" });
      expect(await memberById(advocateMember.id)).toMatchObject({ balance: 500 });
      // A second one leaves 16.00: below the minimum the friend's discount required.
      await refund(placed, 1);
      expect(await referralOfOrder(shop.id, placed.id)).toMatchObject({ status: "cancelled", rejectReason: "order_refunded" });
      expect(await memberById(advocateMember.id)).toMatchObject({ balance: 0, lifetimeEarned: 0 });
      expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
    });

    it("reconciliation applies a friend's order and its refund that the webhooks missed, once", async () => {
      const { remote, shop, admin, customer, advocateMember, welcome } = await setup({ pendingDays: 0 });
      const friend = await customer("missed@example.com");
      const bomb = remote.products.find((p) => p.title === "Lavender Bath Bomb")!;
      const placed = await standin.placeOrder(remote.domain, { customerId: friend.id.toString(), lines: [{ variantId: bomb.variants[0]!.id.toString() }], discountCodes: [welcome.code], webhooks: false });
      await reconcileShop(testDb(), remote.domain, admin);
      expect(await referralOfOrder(shop.id, placed.id)).toMatchObject({ status: "rewarded", points: 500 });
      expect(await memberById(advocateMember.id)).toMatchObject({ balance: 500 });
      await standin.refundOrder(remote.domain, placed.id.toString(), { lines: [{ lineItemId: placed.lines[0]!.id.toString(), quantity: 1 }], webhooks: false });
      await reconcileShop(testDb(), remote.domain, admin, { now: new Date(Date.now() + 1000) });
      await reconcileShop(testDb(), remote.domain, admin, { now: new Date(Date.now() + 2000) });
      expect(await referralOfOrder(shop.id, placed.id)).toMatchObject({ status: "cancelled", rejectReason: "order_refunded" });
      expect(await memberById(advocateMember.id)).toMatchObject({ balance: 0, lifetimeEarned: 0 });
      expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
    });

    it("a refund delivered before the paid order means the order never rewards", async () => {
      const { remote, shop, customer, deliver, advocateMember, welcome } = await setup({ pendingDays: 0 });
      const friend = await customer("early@example.com");
      const bomb = remote.products.find((p) => p.title === "Lavender Bath Bomb")!;
      const placed = await standin.placeOrder(remote.domain, { customerId: friend.id.toString(), lines: [{ variantId: bomb.variants[0]!.id.toString() }], discountCodes: [welcome.code], webhooks: false });
      const r = await standin.refundOrder(remote.domain, placed.id.toString(), { lines: [{ lineItemId: placed.lines[0]!.id.toString(), quantity: 1 }], webhooks: false });
      await deliver("refunds/create", refundPayload(remote, placed, r));
      await deliver("orders/paid", orderPayload(remote, placed));
      expect(await referralOfOrder(shop.id, placed.id)).toMatchObject({ status: "rejected", rejectReason: "order_refunded" });
      expect(await memberById(advocateMember.id)).toMatchObject({ balance: 0, pending: 0 });
    });
  });

  it("rejects self-referral by customer, a friend the app saw order before, and referrals over the monthly cap", async () => {
    const { remote, shop, customer, paidOrder, advocate, advocateMember, welcome } = await setup({ monthlyCap: 1 });
    // The advocate (no order yet, so Shopify's checkout lets them) uses their own code.
    const own = await paidOrder(advocate.id, [welcome.code]);
    expect(await referralOfOrder(shop.id, own.id)).toMatchObject({ status: "rejected", rejectReason: "self_referral_customer" });

    // Shopify's segment membership can trail an order by a little: checkout takes the code from a
    // customer whose first order it has not counted yet. The app saw that order: not a new customer.
    const regular = await customer("regular@example.com");
    const earlier = await paidOrder(regular.id);
    remote.orders.delete(earlier.id);
    const late = await paidOrder(regular.id, [welcome.code]);
    remote.orders.set(earlier.id, earlier);
    expect(await referralOfOrder(shop.id, late.id)).toMatchObject({ status: "rejected", rejectReason: "not_new_customer" });

    // The first new friend this month qualifies; the second is over the cap of 1.
    const orders = [];
    for (const email of ["first@example.com", "second@example.com"]) orders.push(await paidOrder((await customer(email)).id, [welcome.code]));
    expect(await referralOfOrder(shop.id, orders[0]!.id)).toMatchObject({ status: "pending" });
    expect(await referralOfOrder(shop.id, orders[1]!.id)).toMatchObject({ status: "rejected", rejectReason: "monthly_cap" });
    expect(await memberById(advocateMember.id)).toMatchObject({ pending: 500 });
    expect((await referralResults(testDb(), shop.id))[0]).toMatchObject({
      invited: 4,
      pending: 1,
      pointsPending: 500,
      rejected: { self_referral_customer: 1, not_new_customer: 1, monthly_cap: 1 },
    });
  });

  it("rejects a friend shipping to the advocate's address", async () => {
    const { remote, shop, customer, paidOrder, deliver, advocate, welcome } = await setup();
    // The advocate's default address (customers/update) is where the stand-in's orders ship.
    const bomb = remote.products.find((p) => p.title === "Lavender Bath Bomb")!;
    const sample = orderPayload(remote, await standin.placeOrder(remote.domain, { lines: [{ variantId: bomb.variants[0]!.id.toString() }], webhooks: false })) as { shipping_address: unknown };
    await deliver("customers/update", { ...customerPayload(remote, advocate, "customers/update"), default_address: sample.shipping_address });
    const placed = await paidOrder((await customer("roommate@example.com")).id, [welcome.code]);
    expect(await referralOfOrder(shop.id, placed.id)).toMatchObject({ status: "rejected", rejectReason: "self_referral_address" });
  });

  it("old per-friend codes still unused are deleted in Shopify; one already on an order still counts when it is paid", async () => {
    const { remote, shop, admin, customer, deliver, advocateMember } = await setup({ pendingDays: 0 });
    const legacy = async (code: string, email: string) => {
      const res = await admin.graphql(`mutation($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { codeDiscountNode { id } } }`, {
        variables: { input: { title: "old", code, startsAt: new Date(0).toISOString(), usageLimit: 1, context: { all: "ALL" }, customerGets: { value: { discountAmount: { amount: "5.00" } }, items: { all: true } } } },
      });
      const discountId = ((await res.json()) as { data: { discountCodeBasicCreate: { codeDiscountNode: { id: string } } } }).data.discountCodeBasicCreate.codeDiscountNode.id;
      await testDb().referral.create({ data: { shopId: shop.id, advocateMemberId: advocateMember.id, friendEmail: email, welcomeCode: code, discountId, status: "issued" } });
    };
    await legacy("WELCOME-FARMED2345", "made-up-1@example.com");
    await legacy("WELCOME-FARMED3456", "made-up-2@example.com");
    await legacy("WELCOME-ONORDER234", "real@example.com");
    // A real friend placed an order with theirs (paid later: bank transfer).
    const friend = await customer("real@example.com");
    const bomb = remote.products.find((p) => p.title === "Lavender Bath Bomb")!;
    const placed = await standin.placeOrder(remote.domain, { customerId: friend.id.toString(), lines: [{ variantId: bomb.variants[0]!.id.toString() }], discountCodes: ["WELCOME-ONORDER234"], webhooks: false });

    standin.failNext({ operation: "discountCodeDelete" }, "http500");
    const first = await revokeOldWelcomeCodes(testDb(), remote.domain, admin);
    expect(first).toEqual({ revoked: 2, failed: [{ code: "WELCOME-FARMED2345", error: expect.any(String) }] });
    expect(await revokeOldWelcomeCodes(testDb(), remote.domain, admin)).toEqual({ revoked: 1, failed: [] });
    expect(await revokeOldWelcomeCodes(testDb(), remote.domain, admin)).toEqual({ revoked: 0, failed: [] });
    for (const code of ["WELCOME-FARMED2345", "WELCOME-FARMED3456", "WELCOME-ONORDER234"]) expect(standin.findDiscountCode(remote.domain, code)).toBeUndefined();
    const other = await customer("other@example.com");
    await expect(standin.placeOrder(remote.domain, { customerId: other.id.toString(), lines: [{ variantId: bomb.variants[0]!.id.toString() }], discountCodes: ["WELCOME-FARMED3456"], webhooks: false })).rejects.toThrow(
      "Enter a valid discount code",
    );

    await deliver("orders/paid", orderPayload(remote, placed));
    expect(await referralOfOrder(shop.id, placed.id)).toMatchObject({ status: "rewarded", friendEmail: "real@example.com" });
    expect(await memberById(advocateMember.id)).toMatchObject({ balance: 500 });
    expect((await referralResults(testDb(), shop.id))[0]).toMatchObject({ invited: 1, rewarded: 1 });
  });

  it("an old per-friend code still out there is judged by the same rules and follows its order", async () => {
    const { shop, admin, customer, paidOrder, refund, advocateMember } = await setup({ pendingDays: 0 });
    // A code issued before shared codes: a Referral row with the friend's email, status issued.
    const code = "WELCOME-OLDCODE234";
    await admin.graphql(`mutation($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { message } } }`, {
      variables: { input: { title: "old", code, startsAt: new Date(0).toISOString(), usageLimit: 1, context: { all: "ALL" }, customerGets: { value: { discountAmount: { amount: "10.00" } }, items: { all: true } } } },
    });
    await testDb().referral.create({ data: { shopId: shop.id, advocateMemberId: advocateMember.id, friendEmail: "old@example.com", welcomeCode: code, status: "issued" } });
    const placed = await paidOrder((await customer("old@example.com")).id, [code]);
    expect(await referralOfOrder(shop.id, placed.id)).toMatchObject({ status: "rewarded", friendEmail: "old@example.com" });
    expect(await memberById(advocateMember.id)).toMatchObject({ balance: 500 });
    await refund(placed, 1);
    expect(await memberById(advocateMember.id)).toMatchObject({ balance: 0 });
  });
});
