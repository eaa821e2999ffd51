// The friend's side of a referral link: every visitor of an advocate's link gets the SAME welcome
// code, the advocate's, created in Shopify once (from the catalog reward the program names) and
// reused. Shopify itself limits it: only customers of the shop's "no orders yet" segment, once per
// customer, so asking again and again yields nothing new and nothing an existing customer can use.
// No email is asked for and nothing about anyone else is ever answered. Requests are limited per
// visitor (client IP) and per advocate; the row is claimed before Shopify is called (one current
// code per advocate, a unique index), so two first visitors at once cost one discount creation.
import type { Db } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { isReferralCode, welcomeCodeOf } from "../../loyalty/referrals";
import { quoteRedemption } from "../../loyalty/rewards";
import { adminGraphql, type AdminGraphqlClient, ShopifyApiError } from "../../shopify/admin-api.server";
import { forgetNewCustomerSegment, newCustomerSegmentId } from "../../shopify/customer-segments.server";
import { DISCOUNT_NODE_BY_CODE, type DiscountNodeByCodeResult } from "../../shopify/graphql/discounts";
import { createRewardDiscount, RewardIssueError } from "../../shopify/reward-discounts.server";
import { loadProgramSettings } from "../program/settings.server";
import { findReward } from "../rewards/catalog.server";
import { type BucketRule, RateLimiter } from "../../lib/rate-limit";

export const REFERRAL_LIMITS = {
  /** One visitor (client IP): a few tries, then one every 10 s. */
  client: { capacity: 10, refillPerSecond: 0.1 },
  /** One advocate's link, all visitors together: a popular link is served, a flood is not. */
  advocate: { capacity: 60, refillPerSecond: 1 },
} satisfies Record<string, BucketRule>;

const defaultLimiter = new RateLimiter();

/** A claim older than this whose Shopify call never reported back is resumed by the next visitor. */
const STALE_CLAIM_MS = 10_000;

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "P2002";

export type WelcomeCode = { code: string; created: boolean };

export type ClaimContext = {
  admin: AdminGraphqlClient;
  /** The signed-in shopper (app proxy's logged_in_customer_id), if any. */
  customerId?: string | null;
  /** The visitor's address, for the per-client limit. */
  clientIp?: string | null;
  now?: Date;
  limiter?: RateLimiter;
};

/**
 * The visitor's IP as Shopify's app proxy reports it: the first X-Forwarded-For entry (proxies
 * after Shopify's, such as a load balancer, append theirs). Without one, every such request shares
 * one bucket, which errs on the side of limiting.
 */
export function clientIpOf(headers: Headers): string {
  const first = (headers.get("x-forwarded-for") ?? "").split(",")[0]?.trim() ?? "";
  return /^[0-9a-fA-F:.]{2,45}$/.test(first) ? first.toLowerCase() : "unknown";
}

function limit(limiter: RateLimiter, key: string, rule: BucketRule) {
  const verdict = limiter.take(key, rule);
  if (!verdict.ok) throw new AppError("rate_limited", "Too many requests; please slow down.", 429, { retryAfterS: verdict.retryAfterS });
}

export async function claimWelcomeCode(db: Db, shopId: string, advocateCode: string, ctx: ClaimContext): Promise<WelcomeCode> {
  const now = ctx.now ?? new Date();
  const limiter = ctx.limiter ?? defaultLimiter;
  // Before any lookup: guessing codes costs the guesser's budget too.
  limit(limiter, `referral-client:${shopId}:${ctx.clientIp ?? "unknown"}`, REFERRAL_LIMITS.client);
  const settings = await loadProgramSettings(db, shopId);
  const rules = settings.referrals;
  if (!settings.enabled || !rules.enabled || !rules.welcomeRewardId) throw new AppError("referrals_disabled", "This store has no referral program.", 404);
  const code = advocateCode.trim().toUpperCase();
  const advocate = isReferralCode(code)
    ? await db.member.findFirst({ where: { shopId, referralCode: code, redactedAt: null }, select: { id: true, customerId: true } })
    : null;
  if (!advocate) throw new AppError("referral_not_found", "This referral link is not valid.", 404);
  limit(limiter, `referral-advocate:${shopId}:${advocate.id}`, REFERRAL_LIMITS.advocate);
  // The obvious self-referral is refused here; the rest is checked on the friend's order.
  if (ctx.customerId && ctx.customerId === advocate.customerId) throw new AppError("self_referral", "You cannot refer yourself.", 422);
  // A signed-in shopper who has ordered before is told so now rather than at checkout (about
  // themselves only: the signed customer id is theirs).
  if (ctx.customerId && (await db.orderEarning.count({ where: { shopId, customerId: ctx.customerId } })) > 0) {
    throw new AppError("not_new_customer", "This welcome gift is for a first order.", 422);
  }

  const reward = await findReward(db, shopId, rules.welcomeRewardId);
  if (!reward || !reward.active) throw new AppError("referrals_disabled", "This store's welcome reward is not available.", 404);

  let row = await db.referralWelcomeCode.findFirst({ where: { shopId, advocateMemberId: advocate.id, slot: "current" } });
  if (row && row.rewardId !== reward.id) {
    // The program now names another welcome reward: this advocate's next visitor gets a code for
    // it. The old code stays resolvable (orders already placed with it still count).
    await db.referralWelcomeCode.updateMany({ where: { id: row.id, slot: "current" }, data: { slot: null } });
    row = null;
  }
  if (row?.status === "issued") return { code: row.code, created: false };
  if (row && now.getTime() - row.updatedAt.getTime() < STALE_CLAIM_MS) {
    throw new AppError("request_in_progress", "The welcome code is being created; try again in a moment.", 409);
  }
  if (!row) {
    try {
      row = await db.referralWelcomeCode.create({ data: { shopId, advocateMemberId: advocate.id, code: welcomeCodeOf(), rewardId: reward.id, status: "issuing", slot: "current", createdAt: now } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new AppError("request_in_progress", "The welcome code is being created; try again in a moment.", 409);
    }
  } else {
    // A claim whose Shopify call never reported back (a crash or an ambiguous failure): resume it
    // with the same code. Shopify's codes are unique, so this cannot create a second discount.
    const { count } = await db.referralWelcomeCode.updateMany({ where: { id: row.id, status: "issuing", updatedAt: row.updatedAt }, data: { updatedAt: now } });
    if (!count) throw new AppError("request_in_progress", "The welcome code is being created; try again in a moment.", 409);
  }

  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { currency: true } });
  let discountId: string;
  try {
    const segmentId = await newCustomerSegmentId(ctx.admin, shopId);
    try {
      ({ discountId } = await createRewardDiscount(ctx.admin, {
        reward: { ...reward, title: `Welcome from a friend: ${reward.title}` },
        quote: quoteRedemption(reward, shop.currency),
        code: row.code,
        customerId: null,
        segmentId,
        currency: shop.currency,
        startsAt: now,
        endsAt: null,
      }));
    } catch (error) {
      if (!(error instanceof RewardIssueError && error.code === "code_taken")) throw error;
      // Taken: an earlier attempt with this code did reach Shopify.
      const found = await adminGraphql<DiscountNodeByCodeResult>(ctx.admin, DISCOUNT_NODE_BY_CODE, { code: row.code });
      if (!found.codeDiscountNodeByCode) throw error;
      discountId = found.codeDiscountNodeByCode.id;
    }
  } catch (error) {
    const unavailable = error instanceof ShopifyApiError || (error instanceof RewardIssueError && error.code === "shopify_unavailable");
    if (unavailable) {
      // Shopify may have created it: the claim stays, and the next visitor resumes it.
      throw new AppError("shopify_unavailable", "The store could not create the welcome code right now; please try again.", 502);
    }
    // Refused outright: nothing exists in Shopify. The segment may have been deleted by staff.
    forgetNewCustomerSegment(shopId);
    await db.referralWelcomeCode.deleteMany({ where: { id: row.id, status: "issuing" } });
    if (error instanceof RewardIssueError) throw new AppError("shopify_rejected", `Shopify refused the welcome code: ${error.message}`, 422);
    throw error;
  }
  await db.referralWelcomeCode.update({ where: { id: row.id }, data: { status: "issued", discountId } });
  return { code: row.code, created: true };
}
