// The shop's reward catalog in the database.
import type { DbTx } from "../../db/client";
import { type Reward, type RewardType, validateRewardInput } from "../../loyalty/rewards";
import { formatDecimal } from "../../loyalty/money";

type RewardRow = Awaited<ReturnType<DbTx["reward"]["findFirstOrThrow"]>>;

export function rewardFromRow(row: RewardRow): Reward {
  return {
    id: row.id,
    title: row.title,
    type: row.type as RewardType,
    pointsCost: row.pointsCost,
    config: JSON.parse(row.config) as Record<string, unknown>,
    minimumSubtotalMinor: row.minimumSubtotalMinor,
    collectionIds: JSON.parse(row.collectionIds) as string[],
    codeValidityDays: row.codeValidityDays,
    limit: row.limitCount && row.limitPeriod ? { count: row.limitCount, period: row.limitPeriod as NonNullable<Reward["limit"]>["period"] } : null,
    minimumTierId: row.minimumTierId,
    active: row.active,
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true, ...(JSON.parse(row.combinesWith) as object) },
  };
}

function rowData(input: unknown, currency: string) {
  const r = validateRewardInput(input, currency);
  return {
    type: r.type,
    title: r.title,
    pointsCost: r.pointsCost,
    config: JSON.stringify(r.config),
    minimumSubtotalMinor: r.minimumSubtotalMinor,
    collectionIds: JSON.stringify(r.collectionIds),
    codeValidityDays: r.codeValidityDays,
    limitCount: r.limit?.count ?? null,
    limitPeriod: r.limit?.period ?? null,
    minimumTierId: r.minimumTierId,
    active: r.active,
    combinesWith: JSON.stringify(r.combinesWith),
  };
}

async function shopCurrency(tx: DbTx, shopId: string) {
  return (await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { currency: true } })).currency;
}

export async function createReward(tx: DbTx, shopId: string, input: unknown): Promise<Reward> {
  const data = rowData(input, await shopCurrency(tx, shopId));
  const position = await tx.reward.count({ where: { shopId } });
  return rewardFromRow(await tx.reward.create({ data: { shopId, position, ...data } }));
}

export async function updateReward(tx: DbTx, shopId: string, rewardId: string, input: unknown): Promise<Reward | null> {
  const data = rowData(input, await shopCurrency(tx, shopId));
  const { count } = await tx.reward.updateMany({ where: { id: rewardId, shopId }, data });
  return count ? rewardFromRow(await tx.reward.findFirstOrThrow({ where: { id: rewardId, shopId } })) : null;
}

export async function setRewardActive(tx: DbTx, shopId: string, rewardId: string, active: boolean): Promise<boolean> {
  return (await tx.reward.updateMany({ where: { id: rewardId, shopId }, data: { active } })).count === 1;
}

export async function listRewards(tx: DbTx, shopId: string, options: { activeOnly?: boolean } = {}): Promise<Reward[]> {
  const rows = await tx.reward.findMany({
    where: { shopId, ...(options.activeOnly ? { active: true } : {}) },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  });
  return rows.map(rewardFromRow);
}

export async function findReward(tx: DbTx, shopId: string, rewardId: string): Promise<Reward | null> {
  const row = await tx.reward.findFirst({ where: { id: rewardId, shopId } });
  return row ? rewardFromRow(row) : null;
}

export const minimumSubtotalLabel = (reward: Reward, currency: string) =>
  reward.minimumSubtotalMinor ? `${formatDecimal(reward.minimumSubtotalMinor, currency)} ${currency}` : null;
