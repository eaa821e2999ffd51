// The VIP tier program as the Tiers and Settings pages edit it (read side; saving goes through
// app/services/program/tier-program.server.ts, which validates, re-evaluates members and audits).
import type { DbTx } from "../../db/client";

export type TierProgramForm = {
  enabled: boolean;
  metric: string;
  window: string;
  downgradePolicy: string;
  graceDays: number;
  tagPrefix: string;
  tiers: Array<{
    id: string | null;
    name: string;
    /** In the metric's unit: points, orders, or shop-currency minor units (as text: may exceed 2^53). */
    threshold: string;
    perks: { earnMultiplier: string; entryReward: { points: number } | { rewardId: string } | null; freeShipping: boolean; displayPerks: string[] };
  }>;
};

export async function tierProgramForm(db: DbTx, shopId: string): Promise<TierProgramForm> {
  const [program, tiers] = await Promise.all([
    db.tierProgram.findUnique({ where: { shopId } }),
    db.tier.findMany({ where: { shopId, archivedAt: null }, orderBy: { position: "asc" } }),
  ]);
  return {
    enabled: program?.enabled ?? false,
    metric: program?.metric ?? "points",
    window: program?.window ?? "lifetime",
    downgradePolicy: program?.downgradePolicy ?? "end_of_window",
    graceDays: program?.graceDays ?? 30,
    tagPrefix: program?.tagPrefix ?? "tally-tier:",
    tiers: tiers.map((tier) => {
      const perks = JSON.parse(tier.perks) as Partial<TierProgramForm["tiers"][number]["perks"]>;
      return {
        id: tier.id,
        name: tier.name,
        threshold: tier.threshold.toString(),
        perks: { earnMultiplier: perks.earnMultiplier ?? "1", entryReward: perks.entryReward ?? null, freeShipping: perks.freeShipping ?? false, displayPerks: perks.displayPerks ?? [] },
      };
    }),
  };
}

/** Members per tier id (for the tier list). */
export async function membersPerTier(db: DbTx, shopId: string) {
  const rows = await db.member.groupBy({ by: ["tierId"], where: { shopId, tierId: { not: null } }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.tierId!, r._count._all]));
}

/** The tiers service's preview answer, reduced to what the page shows (its exact shape may evolve). */
export function summarizePreview(preview: unknown) {
  const p = (preview ?? {}) as { up?: unknown[]; down?: unknown[]; unchanged?: number; downAtWindowEnd?: unknown[] };
  const names = (list: unknown[] | undefined) =>
    (list ?? []).slice(0, 50).map((m) => {
      const x = (m ?? {}) as Record<string, unknown>;
      return { who: String(x.email ?? x.customerId ?? x.memberId ?? "?"), from: String(x.fromTierName ?? x.from ?? x.fromTierId ?? "—"), to: String(x.toTierName ?? x.to ?? x.toTierId ?? "—"), when: String(x.when ?? "") };
    });
  return { up: p.up?.length ?? 0, down: p.down?.length ?? 0, unchanged: p.unchanged ?? 0, upList: names(p.up), downList: names(p.down) };
}
