// Two-phase redemption. Phase 1 (one transaction, under the member lock): check the reward, the
// limits and the balance, create the redemption and HOLD its points. Phase 2: ask Shopify for the
// discount code (or store credit). Success issues the redemption; a clear refusal (userError)
// RELEASES the hold at once. A failure after which Shopify may have acted (dropped connection,
// timeout, 5xx) is settled by asking Shopify what it did: the code or credit exists → issued as
// usual; it does not → released; Shopify cannot be asked → left pending, points held, for the
// sweeper. A working code or given credit never sits behind released points. An order using the
// code consumes it (consume-redemptions.server.ts); expiry or cancellation releases it, after
// checking with Shopify that no order used it.
import type { Db } from "../../db/client";
import { logger } from "../../lib/logger";
import { AppError } from "../../errors/app-error";
import { generateRewardCode, limitWindowStart, quoteRedemption, RedemptionRequestError, type Reward } from "../../loyalty/rewards";
import type { AdminGraphqlClient } from "../../shopify/admin-api.server";
import {
  createRewardDiscount,
  creditStoreCredit,
  deactivateRewardDiscount,
  deleteRewardDiscount,
  findRewardDiscount,
  findStoreCredit,
  isAmbiguousFailure,
  rewardDiscountUsage,
  RewardIssueError,
} from "../../shopify/reward-discounts.server";
import { recordAudit } from "../staff/audit-log.server";
import { consumeRedemption, consumeRedemptionTx } from "./consume-redemptions.server";
import { ensureMember } from "../ledger/members.server";
import { holdForRedemption, releaseHold } from "../ledger/operations.server";
import { lockMember } from "../ledger/post-entry.server";
import { findReward } from "./catalog.server";
import { freeThroughPerk, meetsMinimumTier } from "../../loyalty/tiers";
import { activeTierProgram } from "../tiers/program.server";

const log = logger("redemptions");

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
    // A pending code may not exist in Shopify: it is shown once confirmed.
    code: row.status === "pending" ? null : row.code,
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
      await holdForRedemption(tx, { shopId: ctx.shopId, memberId: member.id, redemptionId: redemption.id, points: pointsCost, staffUserId: request.staffUserId, now });
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
  extra: { failureCode?: string; failureReason?: string; staffUserId?: string; now?: Date; audit?: boolean } = {},
) {
  const now = extra.now ?? new Date();
  return db.$transaction(async (tx) => {
    const current = await tx.redemption.findFirstOrThrow({ where: { id: redemptionId, shopId } });
    await lockMember(tx, shopId, current.memberId);
    const r = await tx.redemption.findFirstOrThrow({ where: { id: redemptionId, shopId } });
    if (r.status !== "pending" && r.status !== "issued") return r;
    if (r.pointsCost > 0) {
      await releaseHold(tx, { shopId, memberId: r.memberId, redemptionId: r.id, points: r.pointsCost, reason: status, staffUserId: extra.staffUserId, now });
    }
    if (extra.audit && extra.staffUserId) {
      await recordAudit(tx, { shopId, staffUserId: extra.staffUserId, action: "reward_voided", memberId: r.memberId, details: { redemptionId: r.id, rewardId: r.rewardId, code: r.code }, now });
    }
    return tx.redemption.update({
      where: { id: r.id },
      data: { status, releasedAt: now, failureCode: extra.failureCode ?? null, failureReason: extra.failureReason ?? null },
    });
  });
}

/**
 * Shopify made the code: the redemption is issued (once; a settled one is left as it is). A reward
 * issued by staff gets its audit entry in the same transaction.
 */
async function markIssued(db: Db, shopId: string, redemptionId: string, issued: { code: string; discountId: string }, now: Date) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.redemption.updateMany({ where: { id: redemptionId, shopId, status: "pending" }, data: { status: "issued", ...issued } });
    const r = await tx.redemption.findFirstOrThrow({ where: { id: redemptionId, shopId } });
    if (count === 1 && r.issuedBy === "staff" && r.staffUserId) {
      await recordAudit(tx, { shopId, staffUserId: r.staffUserId, action: "reward_issued", memberId: r.memberId, details: { redemptionId: r.id, rewardId: r.rewardId, code: r.code }, now });
    }
    return r;
  });
}

/** Store credit given: the hold is spent (the credit cannot be taken back by the app). */
async function markCredited(db: Db, shopId: string, redemptionId: string, transactionId: string | null, now: Date) {
  return db.$transaction(async (tx) => {
    const done = await consumeRedemptionTx(tx, shopId, redemptionId, { orderId: null, transactionId: transactionId ?? undefined }, now);
    const r = await tx.redemption.findFirstOrThrow({ where: { id: redemptionId, shopId } });
    if (done === "consumed" && r.issuedBy === "staff" && r.staffUserId) {
      await recordAudit(tx, { shopId, staffUserId: r.staffUserId, action: "reward_issued", memberId: r.memberId, details: { redemptionId: r.id, rewardId: r.rewardId }, now });
    }
    return r;
  });
}

type Settled = "issued" | "absent" | "unknown";

/**
 * After an ambiguous failure: did Shopify make the code (or give the credit)? Issues the
 * redemption when it did; "absent" when it certainly did not; "unknown" when Shopify cannot be
 * asked now (the redemption stays pending with its points held).
 */
async function settlePending(ctx: RedeemContext, redemptionId: string, now: Date): Promise<Settled> {
  const r = await ctx.db.redemption.findFirstOrThrow({ where: { id: redemptionId, shopId: ctx.shopId } });
  if (r.status !== "pending") return r.status === "issued" || r.status === "consumed" ? "issued" : "absent";
  try {
    if (r.code) {
      const found = await findRewardDiscount(ctx.admin, r.code);
      if (!found) return "absent";
      await markIssued(ctx.db, ctx.shopId, r.id, { code: r.code, discountId: found.discountId }, now);
      return "issued";
    }
    const member = await ctx.db.member.findUniqueOrThrow({ where: { id: r.memberId }, select: { customerId: true } });
    // Credits other redemptions of this customer were already matched to are not this one's.
    const others = await ctx.db.redemption.findMany({
      where: { shopId: ctx.shopId, memberId: r.memberId, code: null, id: { not: r.id }, discountId: { not: null } },
      select: { discountId: true },
    });
    const found = await findStoreCredit(ctx.admin, {
      customerId: member.customerId,
      amountMinor: r.valueMinor ?? 0n,
      currency: r.currency,
      since: r.createdAt,
      claimed: new Set(others.map((o) => o.discountId!)),
    });
    if (!found) return "absent";
    await markCredited(ctx.db, ctx.shopId, r.id, found.transactionId, now);
    return "issued";
  } catch (error) {
    log.error(`could not settle ${r.id}`, error);
    return "unknown";
  }
}

export async function redeemReward(ctx: RedeemContext, request: RedeemRequest) {
  const now = ctx.now ?? new Date();
  const reward = await findReward(ctx.db, ctx.shopId, request.rewardId);
  if (!reward || (!reward.active && !request.free)) throw new AppError("reward_not_found", "This reward does not exist or is no longer offered.", 404);
  const { redemption, quote } = await holdPoints(ctx, reward, request, now);

  try {
    if (reward.type === "store_credit") {
      const { transactionId } = await creditStoreCredit(ctx.admin, { customerId: request.customerId, amountMinor: quote.valueMinor!, currency: ctx.currency, expiresAt: null });
      return await markCredited(ctx.db, ctx.shopId, redemption.id, transactionId, now);
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
        return await markIssued(ctx.db, ctx.shopId, redemption.id, { code, discountId }, now);
      } catch (error) {
        // A code collision with another discount of the shop: pick another code, once.
        if (!(error instanceof RewardIssueError && error.code === "code_taken" && attempt < 2)) throw error;
        code = generateRewardCode();
        await ctx.db.redemption.update({ where: { id: redemption.id }, data: { code } });
      }
    }
  } catch (error) {
    if (!isAmbiguousFailure(error)) {
      const issue = error as RewardIssueError;
      await releaseRedemption(ctx.db, ctx.shopId, redemption.id, "failed", { failureCode: issue.code, failureReason: issue.message, now });
      throw issueErrorToAppError(issue);
    }
    // Shopify may have acted before the failure: ask before giving any points back.
    const settled = await settlePending(ctx, redemption.id, now);
    if (settled === "absent") {
      const message = error instanceof Error ? error.message : String(error);
      await releaseRedemption(ctx.db, ctx.shopId, redemption.id, "failed", { failureCode: "shopify_unavailable", failureReason: message, now });
      throw issueErrorToAppError(new RewardIssueError("shopify_unavailable", message));
    }
    // Issued after all, or still unknown (pending: the sweeper settles it).
    return ctx.db.redemption.findFirstOrThrow({ where: { id: redemption.id, shopId: ctx.shopId } });
  }
}

/**
 * Cancels an unused code (shopper, staff or expiry). Shopify is asked first: the code is ended so
 * no new order can use it, then its usage is read. A code an order used is consumed, never given
 * back (409 already_used); an unused one is deleted, then the points come back. If Shopify cannot
 * be asked, nothing is released (502).
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
  const alreadyUsed = () => new AppError("already_used", "This code was already used in an order; its points cannot come back.", 409);
  if (r.status === "consumed") throw alreadyUsed();
  if (r.status !== "issued") throw new AppError("not_cancellable", `This reward is ${r.status}.`, 409);
  try {
    if (r.discountId) {
      await deactivateRewardDiscount(ctx.admin, r.discountId);
      const used = await rewardDiscountUsage(ctx.admin, r.discountId);
      if (used !== null && used > 0) {
        // The order's webhook may not have arrived yet (unpaid orders, delays): consume now.
        await consumeRedemption(ctx.db, ctx.shopId, r.id, { orderId: null }, now);
        throw alreadyUsed();
      }
      await deleteRewardDiscount(ctx.admin, r.discountId);
    }
  } catch (error) {
    if (error instanceof RewardIssueError) throw issueErrorToAppError(error);
    throw error;
  }
  const released = await releaseRedemption(ctx.db, ctx.shopId, r.id, input.status ?? "released", { staffUserId: input.staffUserId, audit: Boolean(input.staffUserId), now });
  // The order's webhook consumed it while Shopify was being asked.
  if (released.status === "consumed") throw alreadyUsed();
  return released;
}

/**
 * The redemption sweeper (scheduled): codes past their expiry come back as points unless an order
 * used them; redemptions left pending (a crash, or a failure Shopify could not be asked about)
 * are settled by asking Shopify: issued if the code or credit exists, released if not, left for
 * the next run if Shopify still cannot be asked.
 */
export async function sweepRedemptions(ctx: RedeemContext, options: { pendingAfterMs?: number } = {}) {
  const now = ctx.now ?? new Date();
  const result = { released: 0, consumed: 0, issued: 0, unsettled: 0 };
  const errors: unknown[] = [];
  const expired = await ctx.db.redemption.findMany({ where: { shopId: ctx.shopId, status: "issued", expiresAt: { lt: now } }, take: 100 });
  for (const r of expired) {
    try {
      await cancelRedemption(ctx, { redemptionId: r.id, status: "expired" });
      result.released++;
    } catch (error) {
      if (error instanceof AppError && error.code === "already_used") result.consumed++;
      else {
        result.unsettled++;
        errors.push(error);
      }
    }
  }
  const stuckBefore = new Date(now.getTime() - (options.pendingAfterMs ?? 10 * 60_000));
  const stuck = await ctx.db.redemption.findMany({ where: { shopId: ctx.shopId, status: "pending", createdAt: { lt: stuckBefore } }, take: 100 });
  for (const r of stuck) {
    const settled = await settlePending(ctx, r.id, now);
    if (settled === "issued") result.issued++;
    else if (settled === "unknown") result.unsettled++;
    else {
      await releaseRedemption(ctx.db, ctx.shopId, r.id, "failed", { failureCode: "abandoned", failureReason: "not issued in time", now });
      result.released++;
    }
  }
  // One shop's failures do not stop the others; they are reported once this shop is done.
  if (errors.length) throw new AggregateError(errors, `${errors.length} expired redemption(s) could not be settled: ${errors.map((e) => (e instanceof Error ? e.message : String(e))).join("; ")}`);
  return result;
}
