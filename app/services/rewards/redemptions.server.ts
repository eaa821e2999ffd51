// Two-phase redemption. Phase 1 (one transaction, under the member lock): check the reward, the
// limits and the balance, create the redemption and HOLD its points. Phase 2: ask Shopify for the
// discount code (or store credit). Success issues the redemption; any failure RELEASES the hold
// at once, so a shopper never loses points to an error. An order using the code consumes it
// (consume-redemptions.server.ts); expiry or cancellation releases it.
import type { Db } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { businessKeys } from "../../loyalty/ledger";
import { generateRewardCode, limitWindowStart, quoteRedemption, RedemptionRequestError, type Reward } from "../../loyalty/rewards";
import type { AdminGraphqlClient } from "../../shopify/admin-api.server";
import { createRewardDiscount, creditStoreCredit, deleteRewardDiscount, RewardIssueError } from "../../shopify/reward-discounts.server";
import { adminGraphql } from "../../shopify/admin-api.server";
import { DISCOUNT_NODE_BY_CODE, type DiscountNodeByCodeResult } from "../../shopify/graphql/discounts";
import { ensureMember } from "../ledger/members.server";
import { lockMember, postEntry } from "../ledger/post-entry.server";
import { findReward } from "./catalog.server";
import { freeThroughPerk, meetsMinimumTier } from "../../loyalty/tiers";
import { activeTierProgram } from "../tiers/evaluate.server";

type RedemptionRow = Awaited<ReturnType<Db["redemption"]["findFirstOrThrow"]>>;

export type RedemptionView = {
  id: string;
  rewardId: string;
  title: string;
  status: string;
  code: string | null;
  valueLabel: string;
  pointsCost: number;
  expiresAt: string | null;
  createdAt: string;
};

/** The storefront API's shape of a redemption (from an ORM row or a plain SQL row). */
export function presentRedemption(
  row: Pick<RedemptionRow, "id" | "rewardId" | "status" | "code" | "pointsCost" | "expiresAt" | "createdAt" | "snapshot">,
): RedemptionView {
  const snapshot = JSON.parse(row.snapshot) as { title?: string; label?: string };
  return {
    id: row.id,
    rewardId: row.rewardId,
    title: snapshot.title ?? "",
    status: row.status,
    code: row.code,
    valueLabel: snapshot.label ?? "",
    pointsCost: Number(row.pointsCost),
    expiresAt: row.expiresAt ? new Date(row.expiresAt).toISOString() : null,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

export type RedeemContext = { db: Db; shopId: string; currency: string; admin: AdminGraphqlClient; now?: Date };
export type RedeemRequest = {
  customerId: string;
  rewardId: string;
  /** Points the shopper chose for a variable reward. */
  amount?: number;
  issuedBy?: "shopper" | "staff";
  staffUserId?: string;
  /** Staff goodwill: issued without spending the member's points. */
  free?: boolean;
};

const DAY_MS = 24 * 3600_000;

function issueErrorToAppError(error: RewardIssueError): AppError {
  if (error.code === "shopify_unavailable") {
    return new AppError("shopify_unavailable", "The store could not create your reward right now. Your points were not spent; please try again.", 502);
  }
  return new AppError(error.code === "customer_not_found" ? "customer_not_found" : "shopify_rejected", `Shopify refused the reward: ${error.message}`, 422);
}

async function holdPoints(ctx: RedeemContext, reward: Reward, request: RedeemRequest, now: Date) {
  let quote;
  try {
    quote = quoteRedemption(reward, ctx.currency, request.amount);
  } catch (error) {
    if (error instanceof RedemptionRequestError) throw new AppError("invalid_request", error.message, 400);
    throw error;
  }
  return ctx.db.$transaction(async (tx) => {
    const member = await ensureMember(tx, ctx.shopId, request.customerId);
    if (member.redactedAt) throw new AppError("member_not_found", "This member no longer exists.", 404);
    await lockMember(tx, ctx.shopId, member.id);
    // The tier is read under the member lock: a concurrent downgrade cannot slip past the check.
    const tiers = reward.minimumTierId || reward.type === "free_shipping" ? ((await activeTierProgram(tx, ctx.shopId))?.tiers ?? []) : [];
    if (!request.free && reward.minimumTierId && !meetsMinimumTier(tiers, member.tierId, reward.minimumTierId)) {
      throw new AppError("tier_required", "This reward is for a higher VIP tier.", 409);
    }
    const pointsCost = request.free || freeThroughPerk(tiers, member.tierId, reward.type) ? 0 : quote.pointsCost;
    if (reward.limit && !request.free) {
      const used = await tx.redemption.count({
        where: {
          shopId: ctx.shopId,
          memberId: member.id,
          rewardId: reward.id,
          status: { in: ["pending", "issued", "consumed"] },
          createdAt: { gte: limitWindowStart(reward.limit.period, now) },
        },
      });
      if (used >= reward.limit.count) {
        throw new AppError("limit_reached", `This reward can be redeemed ${reward.limit.count} time(s) per ${reward.limit.period}.`, 409);
      }
    }
    const redemption = await tx.redemption.create({
      data: {
        shopId: ctx.shopId,
        memberId: member.id,
        rewardId: reward.id,
        status: "pending",
        pointsCost,
        valueMinor: quote.valueMinor,
        currency: ctx.currency,
        code: reward.type === "store_credit" ? null : generateRewardCode(),
        expiresAt: new Date(now.getTime() + reward.codeValidityDays * DAY_MS),
        issuedBy: request.issuedBy ?? "shopper",
        staffUserId: request.staffUserId ?? null,
        snapshot: JSON.stringify({ title: reward.title, type: reward.type, label: quote.label, percentage: quote.percentage }),
        createdAt: now,
      },
    });
    if (pointsCost > 0) {
      await postEntry(tx, {
        shopId: ctx.shopId,
        memberId: member.id,
        kind: "redeem_hold",
        businessKey: businessKeys.redeemHold(redemption.id),
        points: -pointsCost,
        heldDelta: pointsCost,
        debitPolicy: "strict",
        source: { type: "redemption", id: redemption.id },
        staffUserId: request.staffUserId,
        now,
      });
    }
    return { redemption, quote, memberId: member.id };
  });
}

/** Gives the held points back and closes the redemption with `status`. Safe to call twice. */
export async function releaseRedemption(
  db: Db,
  shopId: string,
  redemptionId: string,
  status: "released" | "expired" | "failed",
  extra: { failureCode?: string; failureReason?: string; staffUserId?: string; now?: Date } = {},
) {
  const now = extra.now ?? new Date();
  return db.$transaction(async (tx) => {
    const current = await tx.redemption.findFirstOrThrow({ where: { id: redemptionId, shopId } });
    await lockMember(tx, shopId, current.memberId);
    const r = await tx.redemption.findFirstOrThrow({ where: { id: redemptionId, shopId } });
    if (r.status !== "pending" && r.status !== "issued") return r;
    if (r.pointsCost > 0) {
      await postEntry(tx, {
        shopId,
        memberId: r.memberId,
        kind: "redeem_release",
        businessKey: businessKeys.redeemRelease(r.id),
        points: r.pointsCost,
        heldDelta: -r.pointsCost,
        restoreAllocationsOf: businessKeys.redeemHold(r.id),
        source: { type: "redemption", id: r.id },
        reason: status,
        staffUserId: extra.staffUserId,
        now,
      });
    }
    return tx.redemption.update({
      where: { id: r.id },
      data: { status, releasedAt: now, failureCode: extra.failureCode ?? null, failureReason: extra.failureReason ?? null },
    });
  });
}

async function consumeStoreCredit(db: Db, shopId: string, redemptionId: string, now: Date) {
  return db.$transaction(async (tx) => {
    const r = await tx.redemption.findFirstOrThrow({ where: { id: redemptionId, shopId } });
    if (r.pointsCost > 0) {
      await postEntry(tx, {
        shopId,
        memberId: r.memberId,
        kind: "redeem_consume",
        businessKey: businessKeys.redeemConsume(r.id),
        points: 0,
        heldDelta: -r.pointsCost,
        source: { type: "redemption", id: r.id },
        now,
      });
    }
    return tx.redemption.update({ where: { id: r.id }, data: { status: "consumed", consumedAt: now } });
  });
}

export async function redeemReward(ctx: RedeemContext, request: RedeemRequest) {
  const now = ctx.now ?? new Date();
  const reward = await findReward(ctx.db, ctx.shopId, request.rewardId);
  if (!reward || (!reward.active && !request.free)) throw new AppError("reward_not_found", "This reward does not exist or is no longer offered.", 404);
  const { redemption, quote } = await holdPoints(ctx, reward, request, now);

  try {
    if (reward.type === "store_credit") {
      await creditStoreCredit(ctx.admin, { customerId: request.customerId, amountMinor: quote.valueMinor!, currency: ctx.currency, expiresAt: null });
      return await consumeStoreCredit(ctx.db, ctx.shopId, redemption.id, now);
    }
    let code = redemption.code!;
    for (let attempt = 1; ; attempt++) {
      try {
        const { discountId } = await createRewardDiscount(ctx.admin, {
          reward,
          quote,
          code,
          customerId: request.customerId,
          currency: ctx.currency,
          startsAt: now,
          endsAt: redemption.expiresAt!,
        });
        return await ctx.db.redemption.update({ where: { id: redemption.id }, data: { status: "issued", code, discountId } });
      } catch (error) {
        // A code collision with another discount of the shop: pick another code, once.
        if (!(error instanceof RewardIssueError && error.code === "code_taken" && attempt < 2)) throw error;
        code = generateRewardCode();
        await ctx.db.redemption.update({ where: { id: redemption.id }, data: { code } });
      }
    }
  } catch (error) {
    const issue = error instanceof RewardIssueError ? error : new RewardIssueError("shopify_unavailable", (error as Error).message);
    await releaseRedemption(ctx.db, ctx.shopId, redemption.id, "failed", { failureCode: issue.code, failureReason: issue.message, now });
    throw issueErrorToAppError(issue);
  }
}

/**
 * Cancels an unused code (shopper or staff): the discount is deleted first, so a code that still
 * works in checkout never has its points returned, then the points come back.
 */
export async function cancelRedemption(
  ctx: RedeemContext,
  input: { redemptionId: string; customerId?: string; staffUserId?: string; status?: "released" | "expired" },
) {
  const now = ctx.now ?? new Date();
  const r = await ctx.db.redemption.findFirst({
    where: { id: input.redemptionId, shopId: ctx.shopId, ...(input.customerId ? { member: { customerId: input.customerId } } : {}) },
  });
  if (!r) throw new AppError("redemption_not_found", "No such reward code.", 404);
  if (r.status === "consumed") throw new AppError("already_used", "This code was already used in an order.", 409);
  if (r.status !== "issued") throw new AppError("not_cancellable", `This reward is ${r.status}.`, 409);
  try {
    if (r.discountId) await deleteRewardDiscount(ctx.admin, r.discountId);
  } catch (error) {
    if (error instanceof RewardIssueError) throw issueErrorToAppError(error);
    throw error;
  }
  return releaseRedemption(ctx.db, ctx.shopId, r.id, input.status ?? "released", { staffUserId: input.staffUserId, now });
}

/**
 * The redemption sweeper (scheduled): codes past their expiry come back as points; redemptions
 * left pending by a crash between hold and issue are settled (their code deleted if Shopify
 * created it) and released.
 */
export async function sweepRedemptions(ctx: RedeemContext, options: { pendingAfterMs?: number } = {}) {
  const now = ctx.now ?? new Date();
  const expired = await ctx.db.redemption.findMany({ where: { shopId: ctx.shopId, status: "issued", expiresAt: { lt: now } }, take: 100 });
  let released = 0;
  for (const r of expired) {
    await cancelRedemption(ctx, { redemptionId: r.id, status: "expired" });
    released++;
  }
  const stuckBefore = new Date(now.getTime() - (options.pendingAfterMs ?? 10 * 60_000));
  const stuck = await ctx.db.redemption.findMany({ where: { shopId: ctx.shopId, status: "pending", createdAt: { lt: stuckBefore } }, take: 100 });
  for (const r of stuck) {
    if (r.code) {
      const found = await adminGraphql<DiscountNodeByCodeResult>(ctx.admin, DISCOUNT_NODE_BY_CODE, { code: r.code });
      if (found.codeDiscountNodeByCode) await deleteRewardDiscount(ctx.admin, found.codeDiscountNodeByCode.id);
    }
    await releaseRedemption(ctx.db, ctx.shopId, r.id, "failed", { failureCode: "abandoned", failureReason: "not issued in time", now });
    released++;
  }
  return { released };
}
