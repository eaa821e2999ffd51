// Loading a shop's tier program (rules + active tiers) in the shape the pure rules take, and the
// per-process cache of it that the order paths use, with the stamp that keeps it fresh.
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

/** The tier program's `updatedAt` as a comparable string, whichever form the database returned. */
export function tierProgramStampOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return String(value.getTime());
  // SQLite may give epoch milliseconds (as a number or digits) or text.
  return String(value);
}

// Every earn, refund, cancellation and pending release asks for the tier program. It is kept per
// process; those callers pass the program's stamp (its `updatedAt`, read with the order lock at no
// extra round trip) and the kept program is used only while the stamp matches, so a save in any
// process is seen by the next order. Callers without a stamp (redemptions) read it fresh.
type KeptProgram = { stamp: string | null; program: LoadedTierProgram | null };
const keptPrograms = new Map<string, KeptProgram>();
export const forgetTierProgram = (shopId: string) => keptPrograms.delete(shopId);

/** The shop's tier program when it is switched on, else null (one small query for shops without tiers). */
export async function activeTierProgram(tx: DbTx, shopId: string, stamp?: string | null): Promise<LoadedTierProgram | null> {
  const kept = keptPrograms.get(shopId);
  if (kept && stamp !== undefined && kept.stamp === stamp) return kept.program;
  // Plain SQL: mostly asked of shops without tiers (SQLite answers 0/1).
  const [row] = await tx.$queryRaw<Array<{ enabled: boolean | number | bigint; updatedAt: unknown }>>`SELECT enabled, "updatedAt" FROM "TierProgram" WHERE "shopId" = ${shopId}`;
  let program: LoadedTierProgram | null = null;
  if (row && Number(row.enabled)) {
    const loaded = await loadTierProgram(tx, shopId);
    program = loaded.tiers.length ? loaded : null;
  }
  if (keptPrograms.size >= 10_000) keptPrograms.clear();
  keptPrograms.set(shopId, { stamp: tierProgramStampOf(row?.updatedAt), program });
  return program;
}
