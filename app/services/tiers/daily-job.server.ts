// The daily tier maintenance of a shop: overrides that ran out, downgrades that fell due (grace
// period or end of window), and window rolls (rolling and calendar windows drop old orders, so
// members above the first tier are re-evaluated). Members never evaluated (no tier yet) get one.
import type { Db } from "../../db/client";
import { shopDayOf } from "../../loyalty/shop-day";
import type { PeriodicJob } from "../jobs/background.server";
import { forEachInstalledShop } from "../jobs/installed-shops.server";
import { loadTierProgram } from "./program.server";
import { type ReevaluateResult, reevaluateMembers } from "./reevaluate.server";

export async function runTierMaintenance(db: Db, shopId: string, now: Date, opts: { pageSize?: number } = {}): Promise<ReevaluateResult> {
  const program = await loadTierProgram(db, shopId);
  if (!program.enabled || program.tiers.length === 0) return { examined: 0, changed: 0, up: 0, down: 0 };
  const activeIds = program.tiers.map((t) => t.id);
  const aboveFirst = program.tiers.slice(1).map((t) => t.id);
  return reevaluateMembers(db, shopId, program, {
    now,
    pageSize: opts.pageSize,
    where: {
      OR: [
        { tierOverrideId: { not: null }, tierOverrideLifetime: false, tierOverrideUntil: { lte: now } },
        { tierGraceUntil: { lte: now } },
        { tierId: null },
        { tierId: { notIn: activeIds } },
        ...(program.rules.window !== "lifetime" && aboveFirst.length ? [{ tierId: { in: aboveFirst } }] : []),
      ],
    },
  });
}

/** Runs every hour; each shop is maintained once per shop-local day (per app instance). */
export function tierMaintenanceJob(db: Db, opts: { now?: () => Date } = {}): PeriodicJob {
  const lastDay = new Map<string, string>();
  return {
    name: "tier-maintenance",
    everyMs: 60 * 60_000,
    run: async () => {
      const now = opts.now?.() ?? new Date();
      await forEachInstalledShop(
        db,
        "tiers",
        async (shop) => {
          const day = shopDayOf(now, shop.timezone);
          if (lastDay.get(shop.id) === day) return;
          await runTierMaintenance(db, shop.id, now);
          lastDay.set(shop.id, day);
        },
        { tierProgram: { enabled: true } },
      );
    },
  };
}
