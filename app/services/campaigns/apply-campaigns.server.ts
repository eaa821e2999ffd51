// The earn path's side of bonus campaigns: the campaigns running at the order's earn time, and
// the order's points with their bonus added (rules: app/loyalty/campaigns.ts).
import type { DbTx } from "../../db/client";
import { type CampaignRule, campaignBonus, campaignStatus } from "../../loyalty/campaigns";
import { TtlCache } from "../../lib/ttl-cache";
import type { EarnResult, EarnSnapshot } from "../../loyalty/earning";
import type { NormalizedOrder } from "../../loyalty/order";

type CampaignRow = {
  id: string;
  name: string;
  type: string;
  multiplier: string | null;
  bonusPoints: number | null;
  startsAt: Date;
  endsAt: Date;
  endedAt: Date | null;
  tierIds: string;
  customerTag: string | null;
  collectionIds: string;
};

export const campaignRuleOf = (row: CampaignRow): CampaignRule => ({
  ...row,
  type: row.type === "fixed_bonus" ? "fixed_bonus" : "multiplier",
  tierIds: JSON.parse(row.tierIds) as string[],
  collectionIds: JSON.parse(row.collectionIds) as string[],
});

// Every order's earn asks for the running campaigns: the shop's campaigns not over yet are kept a
// few seconds per process (like the storefront's caches); this process's edits clear them at once.
const liveCampaigns = new TtlCache<CampaignRule[]>(5_000);

export const forgetCampaigns = (shopId: string) => liveCampaigns.delete(shopId);

export async function runningCampaigns(tx: DbTx, shopId: string, now: Date): Promise<CampaignRule[]> {
  const live = await liveCampaigns.get(shopId, async () =>
    (
      await tx.campaign.findMany({ where: { shopId, endsAt: { gt: now }, OR: [{ endedAt: null }, { endedAt: { gt: now } }] }, orderBy: { startsAt: "asc" }, take: 200 })
    ).map(campaignRuleOf),
  );
  return live.filter((c) => campaignStatus(c, now) === "active");
}

/** Whether a running campaign is limited to collections (the order then needs product data). */
export async function campaignsNeedProductInfo(tx: DbTx, shopId: string, now: Date): Promise<boolean> {
  return (await runningCampaigns(tx, shopId, now)).some((c) => c.collectionIds.length > 0);
}

export type EarnSnapshotWithCampaigns = EarnSnapshot & { basePoints?: number; campaigns?: Array<{ id: string; name: string; points: number }> };

/**
 * The order's earn result with the campaign bonus added to its points. The snapshot keeps the
 * base points and each campaign's share; reversals take the total back proportionally.
 */
export async function withCampaignBonus(tx: DbTx, shopId: string, order: NormalizedOrder, tierId: string | null, now: Date, result: EarnResult): Promise<EarnResult> {
  if (result.points <= 0) return result;
  const campaigns = await runningCampaigns(tx, shopId, now);
  if (!campaigns.length) return result;
  const bonus = campaignBonus(campaigns, order, result, { now, tierId, customerTags: order.customerTags ?? [] });
  if (bonus.points <= 0) return result;
  const snapshot: EarnSnapshotWithCampaigns = { ...result.snapshot, basePoints: result.points, campaigns: bonus.campaigns };
  return { ...result, points: result.points + bonus.points, snapshot };
}
