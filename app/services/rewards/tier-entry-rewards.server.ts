// Entry rewards given as a catalog reward (a discount code) need Shopify, so evaluation only marks
// them owed (a 0-point ledger entry keyed tier-entry:<member>:<tier>); this issues them outside
// any transaction, once each (an idempotency record per entry), as free staff-issued redemptions.
import type { Db } from "../../db/client";
import type { AdminGraphqlClient } from "../../shopify/admin-api.server";
import { withIdempotency } from "./idempotency.server";
import { redeemReward } from "./redemptions.server";
import { TIER_ENTRY_REWARD_SOURCE } from "../ledger/operations.server";

/** Staff id recorded on redemptions the program itself issued. */
export const TIER_SYSTEM_USER = "system:tiers";
const LOOK_BACK_MS = 30 * 86_400_000;

export async function issueTierEntryRewards(db: Db, shopId: string, admin: AdminGraphqlClient, opts: { now?: Date; limit?: number } = {}): Promise<{ issued: number; failed: number; errors: string[] }> {
  const now = opts.now ?? new Date();
  const owed = await db.ledgerEntry.findMany({
    where: { shopId, sourceType: TIER_ENTRY_REWARD_SOURCE, createdAt: { gte: new Date(now.getTime() - LOOK_BACK_MS) } },
    orderBy: { createdAt: "asc" },
    take: 500,
    select: { businessKey: true, details: true, member: { select: { customerId: true, redactedAt: true } } },
  });
  if (!owed.length) return { issued: 0, failed: 0, errors: [] };
  const done = new Set(
    (await db.idempotencyRecord.findMany({ where: { shopId, scope: TIER_ENTRY_REWARD_SOURCE, key: { in: owed.map((e) => e.businessKey) }, responseStatus: { not: null } }, select: { key: true } })).map(
      (r) => r.key,
    ),
  );
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { currency: true } });
  let issued = 0;
  const errors: string[] = [];
  for (const entry of owed.filter((e) => !done.has(e.businessKey) && !e.member.redactedAt).slice(0, opts.limit ?? 50)) {
    const { rewardId } = JSON.parse(entry.details) as { rewardId: string };
    try {
      await withIdempotency(db, { shopId, scope: TIER_ENTRY_REWARD_SOURCE, key: entry.businessKey, request: { rewardId }, now }, async () => {
        const redemption = await redeemReward(
          { db, shopId, currency: shop.currency, admin, now },
          { customerId: entry.member.customerId, rewardId, free: true, issuedBy: "staff", staffUserId: TIER_SYSTEM_USER },
        );
        return { status: 200, body: { redemptionId: redemption.id } };
      });
      issued++;
    } catch (error) {
      // Left owed: the next run tries again (a refusal Shopify gives for good is kept as the answer).
      errors.push(`${entry.businessKey}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { issued, failed: errors.length, errors };
}
