// Loading a shop's tier program (rules + active tiers) in the shape the pure rules take.
import type { DbTx } from "../../db/client";
import { type DowngradePolicy, parseTierPerks, type TierDef, type TierMetric, type TierProgramRules, type TierWindow } from "../../loyalty/tiers";

export type LoadedTierProgram = {
  enabled: boolean;
  rules: TierProgramRules;
  tagPrefix: string;
  /** Active tiers, lowest first. */
  tiers: TierDef[];
};

export const defaultTierRules = (timezone = "UTC"): TierProgramRules => ({ metric: "points", window: "lifetime", downgradePolicy: "end_of_window", graceDays: 30, timezone });

export async function loadTierProgram(db: DbTx, shopId: string): Promise<LoadedTierProgram> {
  const [shop, program, rows] = await Promise.all([
    db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timezone: true } }),
    db.tierProgram.findUnique({ where: { shopId } }),
    db.tier.findMany({ where: { shopId, archivedAt: null }, orderBy: { position: "asc" } }),
  ]);
  const defaults = defaultTierRules(shop.timezone);
  return {
    enabled: program?.enabled ?? false,
    tagPrefix: program?.tagPrefix ?? "tally-tier:",
    rules: program
      ? {
          metric: program.metric as TierMetric,
          window: program.window as TierWindow,
          downgradePolicy: program.downgradePolicy as DowngradePolicy,
          graceDays: program.graceDays,
          timezone: shop.timezone,
        }
      : defaults,
    tiers: rows.map((t) => ({ id: t.id, name: t.name, slug: t.slug, threshold: t.threshold, position: t.position, perks: parseTierPerks(t.perks) })),
  };
}
