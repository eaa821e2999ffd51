// The admin member page's view of one member: the staff read model (memberDetail in
// staff/customer-lookup, the one implementation) shaped for the page, plus the choices its forms
// offer (tiers for an override, active rewards to issue) and tier progress in the metric's unit.
import type { DbTx } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { formatDecimal } from "../../loyalty/money";
import { memberDetail } from "../../services/staff/customer-lookup.server";

const HISTORY = 50;

/** null when the customer is not a member (or was redacted): the page answers 404. */
export async function memberPage(db: DbTx, shopId: string, customerId: string) {
  let detail: Awaited<ReturnType<typeof memberDetail>>;
  try {
    detail = await memberDetail(db, shopId, customerId, { historyLimit: HISTORY });
  } catch (error) {
    if (error instanceof AppError && error.code === "member_not_found") return null;
    throw error;
  }
  const [tiers, rewards, shop] = await Promise.all([
    db.tier.findMany({ where: { shopId, archivedAt: null }, orderBy: { position: "asc" }, select: { id: true, name: true } }),
    db.reward.findMany({ where: { shopId, active: true }, orderBy: { position: "asc" }, select: { id: true, title: true, pointsCost: true, type: true } }),
    db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { currency: true } }),
  ]);
  const { member, tier } = detail;
  // Progress in the metric's own unit: spend is money in the shop's currency.
  const inUnit = (value: string) => (tier.progress.metric === "spend" ? `${formatDecimal(BigInt(value), shop.currency)} ${shop.currency}` : Number(value).toLocaleString("en"));
  return {
    member: {
      ...member,
      createdAt: member.memberSince,
      tier: tier.tier?.name ?? null,
      tierOverride: tier.override ? { tier: tier.override.tierName, until: tier.override.until, lifetime: tier.override.lifetime } : null,
      tierProgress: tier.enabled
        ? {
            metric: tier.progress.metric,
            window: tier.progress.window,
            value: inUnit(tier.progress.value),
            next: tier.nextTier ? { name: tier.nextTier.name, remaining: inUnit(tier.nextTier.remaining) } : null,
            graceUntil: tier.graceUntil,
          }
        : null,
    },
    entries: detail.ledger.map(({ source, ...e }) => ({ ...e, sourceType: source?.type ?? null, sourceId: source?.id ?? null })),
    redemptions: detail.redemptions,
    tierChanges: detail.tierHistory,
    tiers,
    rewards,
  };
}
