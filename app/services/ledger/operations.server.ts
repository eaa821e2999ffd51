// The ledger's named operations: what happens to a member's points, in the caller's words. Each
// maps its meaningful arguments to one postEntry (the single write path, post-entry.server.ts):
// the entry kind, its business key (app/loyalty/ledger.ts businessKeys), the balance effect and
// the debit policy. Services call these, never postEntry directly (test/integration/ledger/
// operations.test.ts checks both: no other caller, one operation per kind and source).
import type { DbTx } from "../../db/client";
import type { Prisma } from "@prisma/client";
import { businessKeys } from "../../loyalty/ledger";
import { earnEffect, reversalEffect } from "../../loyalty/pending-points";
import type { ProgramSettings } from "../../loyalty/program-settings";
import { type DebitPolicy, postEntry, type PostEntryResult } from "./post-entry.server";

type Target = { shopId: string; memberId: string; now: Date };
/** The member row as locked by the caller in this transaction (saves the lock statement). */
type Locked = { lockedMember?: Parameters<typeof postEntry>[1]["lockedMember"] };

/** Points taken back follow the shop's clawback setting: never below zero, or a negative balance. */
const clawbackPolicy = (clawback: ProgramSettings["clawback"]): DebitPolicy => (clawback === "allow_negative" ? "allow_negative" : "clamp");

/** Ledger source type of a tier entry reward given as a catalog reward (issued later, with Admin API access). */
export const TIER_ENTRY_REWARD_SOURCE = "tier_entry_reward";

// Orders

/**
 * An order's points: pending until `availableAt` when set, else spendable in a lot expiring at
 * `expiresAt`. The order row (locked, not yet earned) already guarantees the key is new, and the
 * order's own earn record is written `alongside` in the same statement.
 */
export const earnForOrder = (
  tx: DbTx,
  a: Target & Required<Locked> & { orderId: string; orderName: string | null; points: number; availableAt: Date | null; expiresAt: Date | null; earnableMinor: bigint; trigger: string; alongside: Prisma.Sql },
): Promise<PostEntryResult> =>
  postEntry(tx, {
    alongside: a.alongside,
    shopId: a.shopId,
    memberId: a.memberId,
    kind: "earn",
    businessKey: businessKeys.earn(a.orderId),
    ...earnEffect(a.points, a.availableAt),
    lot: { expiresAt: a.expiresAt },
    source: { type: "order", id: a.orderId },
    details: { orderName: a.orderName, earnableMinor: a.earnableMinor.toString(), trigger: a.trigger },
    lockedMember: a.lockedMember,
    skipExistingCheck: true,
    now: a.now,
  });

/**
 * Refunds and a cancellation take back `delta` more points of an order, reaching `reversedTotal`
 * (the key, so recomputing the same state writes nothing). Before the release of pending points
 * it cancels pending points, not the balance.
 */
export const reverseOrderEarn = (
  tx: DbTx,
  a: Target & { orderId: string; delta: number; reversedTotal: number; stillPending: boolean; clawback: ProgramSettings["clawback"]; earned: number; cancelled: boolean },
) =>
  postEntry(tx, {
    shopId: a.shopId,
    memberId: a.memberId,
    kind: "reverse",
    businessKey: businessKeys.reverseOrder(a.orderId, a.reversedTotal),
    ...reversalEffect(a.delta, a.stillPending),
    debitPolicy: clawbackPolicy(a.clawback),
    source: { type: "order", id: a.orderId },
    details: { reversedTotal: a.reversedTotal, earned: a.earned, cancelled: a.cancelled },
    now: a.now,
  });

/** An order's pending points become spendable (from today: an after_months expiry counts from today). */
export const releasePendingOrderPoints = (
  tx: DbTx,
  a: Target & { orderId: string; earnEntryId: string; points: number; expiresAt: Date | null; earned: number; cancelledBeforeRelease: number },
) =>
  postEntry(tx, {
    shopId: a.shopId,
    memberId: a.memberId,
    kind: "pending_release",
    businessKey: businessKeys.pendingRelease(a.earnEntryId),
    points: a.points,
    pendingDelta: -a.points,
    lot: { expiresAt: a.expiresAt },
    source: { type: "order", id: a.orderId },
    details: { earned: a.earned, cancelledBeforeRelease: a.cancelledBeforeRelease },
    now: a.now,
  });

// Referrals

/** The advocate's reward for a friend's order: pending until `availableAt` when set. */
export const grantReferral = (tx: DbTx, a: Target & { referralId: string; orderId: string; points: number; availableAt: Date | null; expiresAt: Date | null }) =>
  postEntry(tx, {
    shopId: a.shopId,
    memberId: a.memberId,
    kind: "bonus",
    businessKey: businessKeys.referralReward(a.referralId),
    ...(a.availableAt ? { points: 0, pendingDelta: a.points } : { points: a.points, lot: { expiresAt: a.expiresAt } }),
    source: { type: "referral", id: a.referralId },
    reason: "Referral",
    details: { orderId: a.orderId, availableAt: a.availableAt?.toISOString() ?? null },
    now: a.now,
  });

/** The friend's order no longer stands: the advocate's reward is taken back like an order's earn. */
export const reverseReferral = (
  tx: DbTx,
  a: Target & { referralId: string; orderId: string; points: number; stillPending: boolean; cancelled: boolean; clawback: ProgramSettings["clawback"] },
) =>
  postEntry(tx, {
    shopId: a.shopId,
    memberId: a.memberId,
    kind: "reverse",
    businessKey: businessKeys.referralCancel(a.referralId),
    ...reversalEffect(a.points, a.stillPending),
    debitPolicy: clawbackPolicy(a.clawback),
    source: { type: "referral", id: a.referralId },
    reason: a.cancelled ? "Referral order cancelled" : "Referral order refunded",
    details: { orderId: a.orderId },
    now: a.now,
  });

/** A pending referral reward becomes spendable. */
export const releasePendingReferral = (tx: DbTx, a: Target & { referralId: string; pendingEntryId: string; points: number; expiresAt: Date | null }) =>
  postEntry(tx, {
    shopId: a.shopId,
    memberId: a.memberId,
    kind: "pending_release",
    businessKey: businessKeys.pendingRelease(a.pendingEntryId),
    points: a.points,
    pendingDelta: -a.points,
    lot: { expiresAt: a.expiresAt },
    source: { type: "referral", id: a.referralId },
    reason: "Referral",
    now: a.now,
  });

// Rewards

/** Redeeming holds the reward's cost (refused when the balance is short). */
export const holdForRedemption = (tx: DbTx, a: Target & { redemptionId: string; points: number; staffUserId?: string }) =>
  postEntry(tx, {
    shopId: a.shopId,
    memberId: a.memberId,
    kind: "redeem_hold",
    businessKey: businessKeys.redeemHold(a.redemptionId),
    points: -a.points,
    heldDelta: a.points,
    debitPolicy: "strict",
    source: { type: "redemption", id: a.redemptionId },
    staffUserId: a.staffUserId,
    now: a.now,
  });

/** The held points come back, into the lots the hold took them from; `reason` is the redemption's new status. */
export const releaseHold = (tx: DbTx, a: Target & { redemptionId: string; points: number; reason: string; staffUserId?: string }) =>
  postEntry(tx, {
    shopId: a.shopId,
    memberId: a.memberId,
    kind: "redeem_release",
    businessKey: businessKeys.redeemRelease(a.redemptionId),
    points: a.points,
    heldDelta: -a.points,
    restoreAllocationsOf: businessKeys.redeemHold(a.redemptionId),
    source: { type: "redemption", id: a.redemptionId },
    reason: a.reason,
    staffUserId: a.staffUserId,
    now: a.now,
  });

/** The reward was used (by an order, or given as store credit): the held points are spent for good. */
export const consumeHold = (tx: DbTx, a: Target & { redemptionId: string; points: number; code: string | null; orderId: string | null }) =>
  postEntry(tx, {
    shopId: a.shopId,
    memberId: a.memberId,
    kind: "redeem_consume",
    businessKey: businessKeys.redeemConsume(a.redemptionId),
    points: 0,
    heldDelta: -a.points,
    source: a.orderId ? { type: "order", id: a.orderId } : { type: "redemption", id: a.redemptionId },
    details: { redemptionId: a.redemptionId, code: a.code },
    now: a.now,
  });

/** An order used a code whose points had been given back: they are taken again (clawback setting). */
export const reclaimRedemption = (
  tx: DbTx,
  a: Target & { redemptionId: string; points: number; code: string | null; orderId: string; previousStatus: string; clawback: ProgramSettings["clawback"] },
) =>
  postEntry(tx, {
    shopId: a.shopId,
    memberId: a.memberId,
    kind: "redeem_reclaim",
    businessKey: businessKeys.redeemReclaim(a.redemptionId),
    points: -a.points,
    debitPolicy: clawbackPolicy(a.clawback),
    source: { type: "order", id: a.orderId },
    reason: `order ${a.orderId} used code ${a.code} after the reward was ${a.previousStatus}`,
    details: { redemptionId: a.redemptionId, code: a.code, previousStatus: a.previousStatus },
    now: a.now,
  });

// Expiry

/** What remains of a lot past its date expires; `nth` > 1 for points a released hold put back into it later. */
export const expireLot = (tx: DbTx, a: Target & Locked & { lotId: string; remaining: number; nth: number; expiresAt: Date }) =>
  postEntry(tx, {
    shopId: a.shopId,
    memberId: a.memberId,
    kind: "expire",
    businessKey: businessKeys.expireLot(a.lotId, a.nth),
    points: -a.remaining,
    debitLots: [{ lotId: a.lotId, points: a.remaining }],
    debitPolicy: "clamp",
    source: { type: "lot", id: a.lotId },
    details: { expiresAt: a.expiresAt.toISOString() },
    lockedMember: a.lockedMember,
    now: a.now,
  });

/** An inactive member's spendable lots expire, once per stretch of inactivity. */
export const expireInactivePoints = (
  tx: DbTx,
  a: Target & Locked & { lots: ReadonlyArray<{ id: string; remaining: number }>; lastActivity: Date; months: number },
) =>
  postEntry(tx, {
    shopId: a.shopId,
    memberId: a.memberId,
    kind: "expire",
    businessKey: businessKeys.expireInactive(a.memberId, a.lastActivity),
    points: -a.lots.reduce((sum, l) => sum + l.remaining, 0),
    debitLots: a.lots.map((l) => ({ lotId: l.id, points: l.remaining })),
    debitPolicy: "clamp",
    source: { type: "inactivity", id: a.memberId },
    details: { lastActivity: a.lastActivity.toISOString(), months: a.months },
    lockedMember: a.lockedMember,
    now: a.now,
  });

// Staff

/** Staff add or remove points (a debit beyond the balance is refused); `requestId` makes a retry a no-op. */
export const adjustByStaff = (tx: DbTx, a: Target & Locked & { requestId: string; points: number; reason: string; staffUserId: string }) =>
  postEntry(tx, {
    shopId: a.shopId,
    memberId: a.memberId,
    kind: "adjust",
    businessKey: businessKeys.adjust(a.requestId),
    points: a.points,
    debitPolicy: "strict",
    source: { type: "staff", id: a.staffUserId },
    reason: a.reason,
    staffUserId: a.staffUserId,
    lockedMember: a.lockedMember,
    // The caller looked the key up under the member lock (a reused request id is a conflict).
    skipExistingCheck: true,
    now: a.now,
  });

/** One member's share of a staff surprise points run. */
export const grantSurprise = (tx: DbTx, a: Target & { runId: string; points: number; reason: string; staffUserId: string }) =>
  postEntry(tx, {
    shopId: a.shopId,
    memberId: a.memberId,
    kind: "bonus",
    businessKey: businessKeys.surprise(a.runId, a.memberId),
    points: a.points,
    reason: a.reason,
    staffUserId: a.staffUserId,
    source: { type: "surprise", id: a.runId },
    now: a.now,
  });

// Bonuses

/** The program's sign-up bonus when a customer becomes a member. */
export const grantSignupBonus = (tx: DbTx, a: Target & { customerId: string; points: number; expiresAt: Date | null }) =>
  postEntry(tx, {
    shopId: a.shopId,
    memberId: a.memberId,
    kind: "bonus",
    businessKey: businessKeys.signup(a.customerId),
    points: a.points,
    lot: { expiresAt: a.expiresAt },
    source: { type: "signup", id: a.customerId },
    reason: "Sign-up bonus",
    now: a.now,
  });

/** The birthday points, once per member and (shop-local) year; `day` is the day celebrated. */
export const grantBirthday = (tx: DbTx, a: Target & { year: number; day: string; points: number }) =>
  postEntry(tx, {
    shopId: a.shopId,
    memberId: a.memberId,
    kind: "bonus",
    businessKey: businessKeys.birthday(a.memberId, a.year),
    points: a.points,
    reason: "Birthday",
    source: { type: "birthday", id: a.memberId },
    details: { day: a.day },
    now: a.now,
  });

/** An action's points (follow, newsletter, review…) under `businessKey` (businessKeys.action and kin). */
export const grantActionPoints = (
  tx: DbTx,
  a: Target & Locked & { sourceId: string; businessKey: string; points: number; reason: string; expiresAt: Date | null; details?: Record<string, unknown> },
) =>
  postEntry(tx, {
    shopId: a.shopId,
    memberId: a.memberId,
    kind: "bonus",
    businessKey: a.businessKey,
    points: a.points,
    lot: { expiresAt: a.expiresAt },
    source: { type: "action", id: a.sourceId },
    reason: a.reason,
    details: a.details,
    lockedMember: a.lockedMember,
    now: a.now,
  });

/** Entry points of a tier reached: a bonus, spendable, not tier progress (progress counts orders only). */
export const grantTierEntryPoints = (tx: DbTx, a: Target & { tier: { id: string; name: string }; points: number }) =>
  postEntry(tx, {
    shopId: a.shopId,
    memberId: a.memberId,
    kind: "bonus",
    businessKey: businessKeys.tierEntry(a.memberId, a.tier.id),
    points: a.points,
    source: { type: "tier", id: a.tier.id },
    reason: `Reached ${a.tier.name}`,
    details: { tierId: a.tier.id, tierName: a.tier.name },
    now: a.now,
  });

/**
 * A tier's entry reward that is a catalog reward needs Shopify (a discount code): a 0-point entry
 * marks it as owed, and issueTierEntryRewards issues it outside this transaction.
 */
export const oweTierEntryReward = (tx: DbTx, a: Target & { tier: { id: string; name: string }; rewardId: string }) =>
  postEntry(tx, {
    shopId: a.shopId,
    memberId: a.memberId,
    kind: "bonus",
    businessKey: businessKeys.tierEntry(a.memberId, a.tier.id),
    points: 0,
    source: { type: TIER_ENTRY_REWARD_SOURCE, id: a.tier.id },
    reason: `Reached ${a.tier.name}`,
    details: { tierId: a.tier.id, tierName: a.tier.name, rewardId: a.rewardId },
    now: a.now,
  });
