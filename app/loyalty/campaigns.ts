// Bonus campaigns: between two shop-local days, orders earn a multiplier or a fixed bonus on top of
// their points, optionally only for members of some tiers, customers with a Shopify tag, or lines
// in some collections.
//
// Decisions (ADR 0008):
// - The bonus is added to the order's points (one earn entry; the snapshot lists each campaign's
//   share), so a refund or cancellation takes it back with the order's own points, at the same
//   proportion, and never more than the order earned.
// - Campaign multipliers do not stack with each other: the highest applies (like product
//   multipliers). Fixed bonuses add up. Both apply on top of the order's points (tier multiplier
//   included), and only to an order that earns points at all.
// - A multiplier limited to collections applies to the share of the order's earnable amount in
//   those collections; a fixed bonus limited to collections needs one such line.
import { z } from "zod";
import { formatMultiplier, scaledMultiplier } from "./earning";
import type { EarnResult } from "./earning";
import type { NormalizedOrder } from "./order";
import { isDay } from "./shop-day";

const SCALE = 10_000n;

export type CampaignRule = {
  id: string;
  name: string;
  type: "multiplier" | "fixed_bonus";
  multiplier: string | null;
  bonusPoints: number | null;
  startsAt: Date;
  endsAt: Date;
  endedAt: Date | null;
  tierIds: string[];
  customerTag: string | null;
  collectionIds: string[];
};

export type CampaignStatus = "scheduled" | "active" | "ended";

export function campaignStatus(c: Pick<CampaignRule, "startsAt" | "endsAt" | "endedAt">, now: Date): CampaignStatus {
  if ((c.endedAt && c.endedAt <= now) || c.endsAt <= now) return "ended";
  return c.startsAt <= now ? "active" : "scheduled";
}

const day = z.string().trim().refine(isDay, "must be a day like 2026-12-01");
const multiplier = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === "number" ? String(v) : v.trim()))
  .refine((v) => /^\d+(\.\d{1,4})?$/.test(v), "must be a multiplier like 2 or 1.5 (at most 4 decimals)")
  .refine((v) => /^\d+(\.\d{1,4})?$/.test(v) && scaledMultiplier(v) > SCALE && scaledMultiplier(v) <= 10n * SCALE, "must be more than 1 and at most 10");

export const campaignInputSchema = z
  .object({
    name: z.string().trim().min(1, "is required").max(80, "must be at most 80 characters"),
    type: z.enum(["multiplier", "fixed_bonus"], { message: "must be multiplier or fixed_bonus" }),
    multiplier: multiplier.nullish(),
    bonusPoints: z.number().int("must be a whole number").min(1, "must be at least 1").max(1_000_000).nullish(),
    startDay: day,
    endDay: day,
    tierIds: z.array(z.string().min(1)).max(50).default([]),
    customerTag: z
      .string()
      .trim()
      .max(255)
      .nullish()
      .transform((v) => v || null),
    collectionIds: z.array(z.string().trim().min(1)).max(250).default([]),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.type === "multiplier" && !v.multiplier) ctx.addIssue({ code: "custom", path: ["multiplier"], message: "is required for a multiplier campaign" });
    if (v.type === "fixed_bonus" && !v.bonusPoints) ctx.addIssue({ code: "custom", path: ["bonusPoints"], message: "is required for a fixed bonus campaign" });
    if (isDay(v.startDay) && isDay(v.endDay) && v.endDay < v.startDay) ctx.addIssue({ code: "custom", path: ["endDay"], message: "must not be before the start day" });
  })
  .transform((v) => ({
    ...v,
    multiplier: v.type === "multiplier" ? formatMultiplier(scaledMultiplier(v.multiplier!)) : null,
    bonusPoints: v.type === "fixed_bonus" ? v.bonusPoints! : null,
  }));

export type CampaignInput = z.output<typeof campaignInputSchema>;

export type CampaignParse = { ok: true; value: CampaignInput } | { ok: false; fieldErrors: Record<string, string> };

export function parseCampaignInput(input: unknown): CampaignParse {
  const result = campaignInputSchema.safeParse(input ?? {});
  if (result.success) return { ok: true, value: result.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) fieldErrors[issue.path.join(".") || "(root)"] ??= issue.message;
  return { ok: false, fieldErrors };
}

export type CampaignContext = { now: Date; tierId: string | null; customerTags: readonly string[] };

/** Whether the campaign is running and the customer qualifies (collections are checked per line). */
export function campaignApplies(c: CampaignRule, ctx: CampaignContext): boolean {
  if (campaignStatus(c, ctx.now) !== "active") return false;
  if (c.tierIds.length && (!ctx.tierId || !c.tierIds.includes(ctx.tierId))) return false;
  // Shopify tags compare case-insensitively.
  if (c.customerTag && !ctx.customerTags.some((t) => t.toLowerCase() === c.customerTag!.toLowerCase())) return false;
  return true;
}

export type CampaignBonus = { points: number; campaigns: Array<{ id: string; name: string; points: number }> };

/**
 * The campaign points an order earns on top of `earn.points`: the best multiplier campaign and
 * every fixed-bonus campaign that applies. Multipliers round down.
 */
export function campaignBonus(campaigns: readonly CampaignRule[], order: NormalizedOrder, earn: Pick<EarnResult, "points" | "snapshot">, ctx: CampaignContext): CampaignBonus {
  if (earn.points <= 0) return { points: 0, campaigns: [] };
  const collectionsOf = new Map(order.lines.map((l) => [l.lineItemId, l.collectionIds]));
  const earnableLines = earn.snapshot.lines.map((l) => ({ earnable: BigInt(l.earnableMinor), collections: collectionsOf.get(l.lineItemId) ?? [] }));
  const total = BigInt(earn.snapshot.earnableMinor);
  const inCollections = (ids: string[]) => earnableLines.filter((l) => l.collections.some((c) => ids.includes(c))).reduce((s, l) => s + l.earnable, 0n);

  const applied: CampaignBonus["campaigns"] = [];
  let best: { c: CampaignRule; points: number } | null = null;
  for (const c of campaigns) {
    if (!campaignApplies(c, ctx)) continue;
    if (c.type === "multiplier" && c.multiplier) {
      const share = c.collectionIds.length ? inCollections(c.collectionIds) : total;
      if (share <= 0n || total <= 0n) continue;
      const points = Number((BigInt(earn.points) * (scaledMultiplier(c.multiplier) - SCALE) * share) / (SCALE * total));
      if (points > 0 && (!best || points > best.points)) best = { c, points };
    } else if (c.type === "fixed_bonus" && c.bonusPoints) {
      if (c.collectionIds.length && inCollections(c.collectionIds) <= 0n) continue;
      applied.push({ id: c.id, name: c.name, points: c.bonusPoints });
    }
  }
  if (best) applied.unshift({ id: best.c.id, name: best.c.name, points: best.points });
  return { points: applied.reduce((s, a) => s + a.points, 0), campaigns: applied };
}
