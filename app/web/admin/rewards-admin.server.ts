// The reward catalog as the admin pages show it: money as decimal text, tiers to restrict to,
// and how often each reward was redeemed.
import type { DbTx } from "../../db/client";
import { formatDecimal } from "../../loyalty/money";
import type { Reward } from "../../loyalty/rewards";
import { findReward, listRewards } from "../../services/rewards/catalog.server";

export function presentReward(reward: Reward, currency: string) {
  const { minimumSubtotalMinor, ...rest } = reward;
  return { ...rest, minimumSubtotal: minimumSubtotalMinor === null ? null : formatDecimal(minimumSubtotalMinor, currency) };
}

export async function rewardsPage(db: DbTx, shopId: string, currency: string) {
  const [rewards, counts] = await Promise.all([
    listRewards(db, shopId),
    db.redemption.groupBy({ by: ["rewardId"], where: { shopId, status: { in: ["issued", "consumed"] } }, _count: { _all: true } }),
  ]);
  const redeemed = new Map(counts.map((c) => [c.rewardId, c._count._all]));
  return rewards.map((r) => ({ ...presentReward(r, currency), redemptions: redeemed.get(r.id) ?? 0 }));
}

export async function rewardEditor(db: DbTx, shopId: string, currency: string, rewardId: string | null) {
  const [reward, tiers] = await Promise.all([
    rewardId ? findReward(db, shopId, rewardId) : null,
    db.tier.findMany({ where: { shopId, archivedAt: null }, orderBy: { position: "asc" }, select: { id: true, name: true } }),
  ]);
  return { reward: reward ? presentReward(reward, currency) : null, tiers };
}
