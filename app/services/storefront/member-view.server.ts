// GET /proxy/me: the signed-in shopper's own picture. Only ever called with the customer id
// from the verified app-proxy signature.
import type { DbTx } from "../../db/client";
import { listRewards } from "../rewards/catalog.server";
import { presentRedemption } from "../rewards/redemptions.server";

const DESCRIPTIONS: Record<string, string> = {
  earn: "Order",
  reverse: "Refund or cancellation",
  redeem_hold: "Reward redeemed",
  redeem_release: "Reward returned",
  redeem_consume: "Reward used",
  expire: "Expired",
  adjust: "Adjustment",
  bonus: "Bonus",
};

export async function memberView(db: DbTx, shopId: string, customerId: string) {
  const member = await db.member.findUnique({ where: { shopId_customerId: { shopId, customerId } } });
  const balance = member?.balance ?? 0;
  const [rewards, redemptions, entries, nextExpiry] = await Promise.all([
    listRewards(db, shopId, { activeOnly: true }),
    member
      ? db.redemption.findMany({ where: { shopId, memberId: member.id, status: { in: ["issued", "consumed", "expired", "released"] } }, orderBy: { createdAt: "desc" }, take: 20 })
      : [],
    member
      ? db.ledgerEntry.findMany({
          where: { memberId: member.id, NOT: { kind: "redeem_consume" } },
          orderBy: { sequence: "desc" },
          take: 20,
          select: { id: true, kind: true, points: true, reason: true, createdAt: true, details: true },
        })
      : [],
    member
      ? db.pointLot.findFirst({ where: { memberId: member.id, remaining: { gt: 0 }, expiresAt: { not: null } }, orderBy: { expiresAt: "asc" } })
      : null,
  ]);
  const affordable = rewards.filter((r) => r.pointsCost <= balance && !r.minimumTierId);
  const next = rewards.filter((r) => r.pointsCost > balance).sort((a, b) => a.pointsCost - b.pointsCost)[0];
  return {
    member: {
      balance,
      pending: member?.pending ?? 0,
      pendingReleases: [] as Array<{ points: number; availableAt: string }>,
      held: member?.held ?? 0,
      lifetimeEarned: member?.lifetimeEarned ?? 0,
      tier: null as { id: string; name: string } | null,
      nextTier: null as { name: string; threshold: number; remaining: number } | null,
      progress: { metric: "points", value: member?.lifetimeEarned ?? 0 },
      nextExpiry: nextExpiry?.expiresAt ? { points: nextExpiry.remaining, at: nextExpiry.expiresAt.toISOString() } : null,
    },
    affordableRewardIds: affordable.map((r) => r.id),
    nextReward: next ? { id: next.id, title: next.title, pointsCost: next.pointsCost, remaining: next.pointsCost - balance } : null,
    redemptions: redemptions.map(presentRedemption),
    history: entries.map((e) => ({
      id: e.id,
      kind: e.kind,
      points: e.points,
      description: e.reason ?? DESCRIPTIONS[e.kind] ?? e.kind,
      createdAt: e.createdAt.toISOString(),
    })),
  };
}
