// Staff customer lookup as the admin pages show it: a page of members matching a search, and one
// member's full picture (balances, tier, ledger history with sources, redemptions, tier changes).
import type { DbTx } from "../../db/client";
import { formatDecimal } from "../../loyalty/money";
import { memberTierProgress } from "../tiers/evaluate.server";
import { presentRedemption } from "../rewards/redemptions.server";

const PAGE = 25;

export async function searchMembersPage(db: DbTx, shopId: string, query: string, cursor: string | null) {
  const q = query.trim();
  const where = {
    shopId,
    redactedAt: null,
    ...(q
      ? { OR: [{ email: { contains: q } }, { firstName: { contains: q } }, { lastName: { contains: q } }, { customerId: q }] }
      : {}),
  };
  const rows = await db.member.findMany({
    where,
    orderBy: { id: "asc" },
    take: PAGE + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: { id: true, customerId: true, email: true, firstName: true, lastName: true, balance: true, pending: true, lifetimeEarned: true, tierId: true },
  });
  const tiers = await tierNames(db, shopId);
  return {
    members: rows.slice(0, PAGE).map((m) => ({ ...m, tier: m.tierId ? (tiers.get(m.tierId) ?? null) : null })),
    nextCursor: rows.length > PAGE ? rows[PAGE - 1]!.id : null,
  };
}

async function tierNames(db: DbTx, shopId: string) {
  const tiers = await db.tier.findMany({ where: { shopId }, select: { id: true, name: true } });
  return new Map(tiers.map((tier) => [tier.id, tier.name]));
}

export async function memberPage(db: DbTx, shopId: string, customerId: string) {
  const member = await db.member.findUnique({ where: { shopId_customerId: { shopId, customerId } } });
  if (!member) return null;
  const [entries, redemptions, tierChanges, tiers, rewards, progress, shop] = await Promise.all([
    db.ledgerEntry.findMany({
      where: { memberId: member.id },
      orderBy: { sequence: "desc" },
      take: 50,
      select: { id: true, kind: true, points: true, pendingDelta: true, heldDelta: true, sourceType: true, sourceId: true, reason: true, staffUserId: true, createdAt: true },
    }),
    db.redemption.findMany({ where: { shopId, memberId: member.id }, orderBy: { createdAt: "desc" }, take: 20 }),
    db.tierChange.findMany({ where: { memberId: member.id }, orderBy: { createdAt: "desc" }, take: 20 }),
    db.tier.findMany({ where: { shopId, archivedAt: null }, orderBy: { position: "asc" }, select: { id: true, name: true } }),
    db.reward.findMany({ where: { shopId, active: true }, orderBy: { position: "asc" }, select: { id: true, title: true, pointsCost: true, type: true } }),
    memberTierProgress(db, shopId, member.id),
    db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { currency: true } }),
  ]);
  // Progress in the metric's own unit: spend is money in the shop's currency.
  const inUnit = (value: string) => (progress.progress.metric === "spend" ? `${formatDecimal(BigInt(value), shop.currency)} ${shop.currency}` : Number(value).toLocaleString("en"));
  const names = new Map(tiers.map((tier) => [tier.id, tier.name]));
  const tierName = (id: string | null) => (id ? (names.get(id) ?? id) : null);
  return {
    member: {
      id: member.id,
      customerId: member.customerId,
      email: member.email,
      name: [member.firstName, member.lastName].filter(Boolean).join(" "),
      balance: member.balance,
      pending: member.pending,
      held: member.held,
      lifetimeEarned: member.lifetimeEarned,
      tier: tierName(member.tierId),
      tierOverride: member.tierOverrideId
        ? { tier: tierName(member.tierOverrideId), until: member.tierOverrideUntil?.toISOString() ?? null, lifetime: member.tierOverrideLifetime }
        : null,
      createdAt: member.createdAt.toISOString(),
      tierProgress: progress.enabled
        ? {
            metric: progress.progress.metric,
            window: progress.progress.window,
            value: inUnit(progress.progress.value),
            next: progress.nextTier ? { name: progress.nextTier.name, remaining: inUnit(progress.nextTier.remaining) } : null,
            graceUntil: progress.graceUntil,
          }
        : null,
    },
    entries: entries.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
    redemptions: redemptions.map((r) => ({ ...presentRedemption(r), issuedBy: r.issuedBy })),
    tierChanges: tierChanges.map((c) => ({ id: c.id, from: tierName(c.fromTierId), to: tierName(c.toTierId), reason: c.reason, staffUserId: c.staffUserId, createdAt: c.createdAt.toISOString() })),
    tiers,
    rewards,
  };
}
