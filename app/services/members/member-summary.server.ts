// A member's picture for the operator CLI and staff lookup: balances and the latest entries.
import type { DbTx } from "../../db/client";
import { memberTierProgress } from "../tiers/progress-view.server";

export async function memberSummary(db: DbTx, shopDomain: string, customerId: string, options: { entries?: number; now?: Date } = {}) {
  const shop = await db.shop.findUnique({ where: { domain: shopDomain }, select: { id: true } });
  if (!shop) return null;
  const member = await db.member.findUnique({ where: { shopId_customerId: { shopId: shop.id, customerId } } });
  if (!member) return null;
  const entries = await db.ledgerEntry.findMany({
    where: { memberId: member.id },
    orderBy: { sequence: "desc" },
    take: options.entries ?? 10,
    select: { kind: true, points: true, pendingDelta: true, heldDelta: true, businessKey: true, reason: true, createdAt: true },
  });
  const tier = await memberTierProgress(db, shop.id, member.id, { now: options.now });
  return {
    shop: shopDomain,
    customerId,
    memberId: member.id,
    email: member.email,
    balance: member.balance,
    pending: member.pending,
    held: member.held,
    lifetimeEarned: member.lifetimeEarned,
    /** The VIP tier held (null without tiers), progress in the program's metric and window. */
    tier: tier.tier?.name ?? null,
    tierProgress: { ...tier.progress, nextTier: tier.nextTier, graceUntil: tier.graceUntil, override: tier.override },
    entries,
  };
}
