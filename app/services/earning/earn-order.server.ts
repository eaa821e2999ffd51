// Earning on an order (orders/paid, orders/fulfilled, or reconciliation). Idempotent: an order
// earns once, whatever delivers it and however often. Refunds and a cancellation that arrived
// before the earn are applied right after it, in the same transaction.
import { Prisma } from "@prisma/client";
import type { Db } from "../../db/client";
import { computeOrderPoints } from "../../loyalty/earning";
import type { NormalizedOrder } from "../../loyalty/order";
import type { ProgramSettings } from "../../loyalty/program-settings";
import { ensureLockedMember } from "../ledger/members.server";
import { earnForOrder } from "../ledger/operations.server";
import { keepForEarning, loadVersionedSettings, settingsForEarning } from "../program/settings.server";
import { evaluateMemberTier } from "../tiers/evaluate.server";
import { tierMultiplierOf } from "../tiers/multiplier";
import { activeTierProgram } from "../tiers/program.server";
import { lockOrder } from "./order-lock.server";
import { syncOrderReversal } from "./reverse-order.server";
import { lotExpiry } from "./expiry";
import { pendingUntil } from "../pending/pending-earn.server";
import { campaignsNeedProductInfo, withCampaignBonus } from "../campaigns/apply-campaigns.server";
import { needsProductInfo, type ProductInfoSource, withProductInfo } from "./product-rules";

export type EarnTrigger = "paid" | "fulfilled" | "reconcile";

export type EarnOutcome =
  | { status: "earned"; points: number; memberId: string; reversed: number }
  | { status: "already_earned"; points: number }
  | { status: "skipped"; reason: "no_customer" | "program_disabled" | "waits_for_fulfillment" | "waits_for_payment" | "cancelled" | "not_paid" };

export async function earnOnOrder(
  db: Db,
  shopId: string,
  order: NormalizedOrder,
  trigger: EarnTrigger,
  // tierMultiplier overrides the member's tier (tests, reconciliation of old orders).
  options: { now?: Date; tierMultiplier?: string; productInfo?: ProductInfoSource } = {},
): Promise<EarnOutcome> {
  const now = options.now ?? new Date();
  // Collection and tag rules need product data the webhook lacks; it is fetched before the
  // transaction (never hold row locks across a network call). Without it the earn is retried
  // later rather than computed wrong.
  const kept = await settingsForEarning(db, shopId);
  const productIds = order.lines.map((l) => l.productId).filter((id): id is string => id !== null);
  const withProducts = Boolean(order.customerId && productIds.length && (needsProductInfo(kept.settings) || (await campaignsNeedProductInfo(db, shopId, now))));
  if (withProducts) {
    if (!options.productInfo) throw new Error("earn rules by collection or tag need product data, and no Admin API access is available");
    order = withProductInfo(order, await options.productInfo(productIds));
  }
  const waits = (settings: ProgramSettings) =>
    trigger === "paid" && settings.earn.earnOn === "fulfilled"
      ? ({ status: "skipped", reason: "waits_for_fulfillment" } as const)
      : trigger === "fulfilled" && settings.earn.earnOn === "paid"
        ? ({ status: "skipped", reason: "waits_for_payment" } as const)
        : null;
  return db.$transaction(async (tx) => {
    let { settings, version } = kept;
    // Replaces what this process kept with the saved settings.
    const adoptSaved = async () => {
      const saved = await loadVersionedSettings(tx, shopId);
      keepForEarning(shopId, saved);
      ({ settings, version } = saved);
      // Rare: the saved rules need product data this attempt did not fetch (the inbox retries it).
      if (!withProducts && order.customerId && productIds.length && needsProductInfo(settings)) {
        throw new Error("the program's earn rules changed while this order was applied; it is applied again");
      }
    };
    // Not this trigger's turn: checked before the order is locked (no row for it yet), against
    // the saved settings (what this process keeps may be older).
    if (waits(settings)) {
      await adoptSaved();
      const waiting = waits(settings);
      if (waiting) return waiting;
    }
    const row = await lockOrder(tx, shopId, order.orderId, { currency: order.shopCurrency, customerId: order.customerId });
    // The settings kept in this process are used only while they are still the saved ones.
    if (row.settingsVersion !== version) {
      await adoptSaved();
      const waiting = waits(settings);
      if (waiting) return waiting;
    }
    if (row.earnedAt) return { status: "already_earned", points: row.points } as const;

    const earn = {
      customerId: order.customerId,
      currency: order.shopCurrency,
      totalMinor: order.totalMinor,
      earnedAt: now,
      earnSource: trigger === "reconcile" ? "reconcile" : "webhook",
    };
    // Guests and a switched-off program earn nothing, but the order is recorded (statistics, and
    // so that a later refund of it is recognised as nothing to take back).
    if (!order.customerId) {
      await tx.orderEarning.update({ where: { id: row.id }, data: { ...earn, snapshot: JSON.stringify({ skipped: "no_customer" }) } });
      return { status: "skipped", reason: "no_customer" } as const;
    }
    if (!settings.enabled) {
      await tx.orderEarning.update({ where: { id: row.id }, data: { ...earn, snapshot: JSON.stringify({ skipped: "program_disabled" }) } });
      return { status: "skipped", reason: "program_disabled" } as const;
    }

    // Created and locked in one statement (the ledger write below reuses the lock).
    const member = await ensureLockedMember(tx, shopId, order.customerId, { email: order.email ?? undefined });
    // The VIP tier held when the order earns sets its multiplier (kept in the snapshot, so a
    // refund takes back at the same rate); the earn then moves the member's tier progress.
    const tiers = await activeTierProgram(tx, shopId, row.tierProgramStamp);
    const tierMultiplier = options.tierMultiplier ?? tierMultiplierOf(tiers, member.tierId);
    // Bonus campaigns running now add to the order's points (reversed with them, see the snapshot).
    const result = await withCampaignBonus(tx, shopId, order, member.tierId, now, computeOrderPoints(order, settings, tierMultiplier ? { tierMultiplier } : {}));
    // Pending points (earn.pendingDays): the order's points wait for the return window to pass.
    const availableAt = result.points > 0 ? await pendingUntil(tx, shopId, settings, order, now) : null;
    // Plain SQL: every earn runs it (an ORM update costs ~1 ms of query compiling).
    const recordEarn = Prisma.sql`
      UPDATE "OrderEarning" SET "customerId" = ${earn.customerId}, currency = ${earn.currency}, "totalMinor" = ${earn.totalMinor}, "earnedAt" = ${earn.earnedAt},
        "earnSource" = ${earn.earnSource}, "earnableMinor" = ${result.earnableMinor}, points = ${result.points}, snapshot = ${JSON.stringify(result.snapshot)},
        "availableAt" = ${availableAt}, "updatedAt" = ${now}
      WHERE id = ${row.id}`;
    if (result.points <= 0) await tx.$executeRaw(recordEarn);
    else {
      await earnForOrder(tx, {
        shopId,
        memberId: member.id,
        lockedMember: member,
        orderId: order.orderId,
        orderName: order.name,
        points: result.points,
        availableAt,
        expiresAt: lotExpiry(settings, now),
        earnableMinor: result.earnableMinor,
        trigger,
        alongside: recordEarn,
        now,
      });
    }
    // A refund or cancellation can only be known if it created the order row before this earn
    // (lockVersion 1 means this earn created it just now).
    const reversed = row.lockVersion > 1 ? await syncOrderReversal(tx, shopId, order.orderId, { now }) : 0;
    if (tiers) await evaluateMemberTier(tx, shopId, member.id, { now, program: tiers });
    return { status: "earned", points: result.points, memberId: member.id, reversed } as const;
  });
}
