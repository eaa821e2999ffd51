// The friend's side of a referral link: one welcome discount code per friend email (asking again
// returns the same code), created in Shopify from the catalog reward the program names, usable
// once by anyone (the friend may not have an account yet). The row is inserted before Shopify is
// called (the unique email index settles two requests at once) and removed if Shopify refuses.
import type { Db } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { isReferralCode, normalizeEmail, welcomeCodeOf } from "../../loyalty/referrals";
import { quoteRedemption } from "../../loyalty/rewards";
import type { AdminGraphqlClient } from "../../shopify/admin-api.server";
import { createRewardDiscount, RewardIssueError } from "../../shopify/reward-discounts.server";
import { loadProgramSettings } from "../program/settings.server";
import { findReward } from "../rewards/catalog.server";

const DAY_MS = 86_400_000;
const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "P2002";

export type WelcomeCode = { code: string; expiresAt: string | null; created: boolean };

export async function claimWelcomeCode(db: Db, shopId: string, advocateCode: string, email: string, ctx: { admin: AdminGraphqlClient; now?: Date }): Promise<WelcomeCode> {
  const now = ctx.now ?? new Date();
  const settings = await loadProgramSettings(db, shopId);
  const rules = settings.referrals;
  if (!settings.enabled || !rules.enabled || !rules.welcomeRewardId) throw new AppError("referrals_disabled", "This store has no referral program.", 404);
  const friendEmail = normalizeEmail(email);
  if (!friendEmail || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(friendEmail) || friendEmail.length > 320) throw new AppError("invalid_request", "Enter a valid email address.", 400);
  const code = advocateCode.trim().toUpperCase();
  const advocate = isReferralCode(code) ? await db.member.findFirst({ where: { shopId, referralCode: code, redactedAt: null }, select: { id: true, email: true } }) : null;
  if (!advocate) throw new AppError("referral_not_found", "This referral link is not valid.", 404);
  // The obvious self-referral is refused here; the rest is checked on the friend's order.
  if (normalizeEmail(advocate.email) === friendEmail) throw new AppError("self_referral", "You cannot refer yourself.", 422);

  const existing = await db.referral.findUnique({ where: { shopId_friendEmail: { shopId, friendEmail } } });
  if (existing && existing.status !== "issuing") return { code: existing.welcomeCode, expiresAt: null, created: false };
  if (existing) throw new AppError("request_in_progress", "Your welcome code is being created; try again in a moment.", 409);

  const reward = await findReward(db, shopId, rules.welcomeRewardId);
  if (!reward || !reward.active) throw new AppError("referrals_disabled", "This store's welcome reward is not available.", 404);
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { currency: true } });
  const welcomeCode = welcomeCodeOf();
  let row;
  try {
    row = await db.referral.create({ data: { shopId, advocateMemberId: advocate.id, friendEmail, welcomeCode, status: "issuing", createdAt: now } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError("request_in_progress", "Your welcome code is being created; try again in a moment.", 409);
  }
  const endsAt = new Date(now.getTime() + reward.codeValidityDays * DAY_MS);
  try {
    const { discountId } = await createRewardDiscount(ctx.admin, {
      reward: { ...reward, title: `Welcome from a friend: ${reward.title}` },
      quote: quoteRedemption(reward, shop.currency),
      code: welcomeCode,
      customerId: null,
      currency: shop.currency,
      startsAt: now,
      endsAt,
    });
    await db.referral.update({ where: { id: row.id }, data: { status: "issued", discountId } });
  } catch (error) {
    await db.referral.delete({ where: { id: row.id } });
    if (error instanceof RewardIssueError) {
      throw error.code === "shopify_unavailable"
        ? new AppError("shopify_unavailable", "The store could not create your welcome code right now; please try again.", 502)
        : new AppError("shopify_rejected", `Shopify refused the welcome code: ${error.message}`, 422);
    }
    throw error;
  }
  return { code: welcomeCode, expiresAt: endsAt.toISOString(), created: true };
}
