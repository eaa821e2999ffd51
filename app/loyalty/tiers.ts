// VIP tiers as pure rules: the tier list and its validation, which tier a progress value reaches,
// the qualifying window, and the one decision function (decideTier) that evaluation, the daily
// job, saving and the what-if preview all share, so the preview says exactly what saving does.
// The database side is app/services/tiers/. ADR: docs/decisions/0007-tiers.md.
import { z } from "zod";
import { scaledMultiplier } from "./earning";
import { addDays, shopDayOf, startOfShopDay } from "./shop-day";

export const TIER_METRICS = ["points", "spend", "orders"] as const;
export const TIER_WINDOWS = ["lifetime", "calendar_year", "rolling_12_months"] as const;
export const DOWNGRADE_POLICIES = ["never", "end_of_window", "grace_period"] as const;
export type TierMetric = (typeof TIER_METRICS)[number];
export type TierWindow = (typeof TIER_WINDOWS)[number];
export type DowngradePolicy = (typeof DOWNGRADE_POLICIES)[number];

export type TierPerks = {
  /** Decimal text, at most four decimals, ≥ 1: "1", "1.5". Applied by the earn rules. */
  earnMultiplier: string;
  /** Granted once, the first time a member reaches the tier. */
  entryReward: { points: number } | { rewardId: string } | null;
  freeShipping: boolean;
  displayPerks: string[];
};

export type TierDef = { id: string; name: string; slug: string; threshold: bigint; position: number; perks: TierPerks };

export type TierProgramRules = {
  metric: TierMetric;
  window: TierWindow;
  downgradePolicy: DowngradePolicy;
  graceDays: number;
  /** IANA zone of the shop: calendar years and days start at local midnight. */
  timezone: string;
};

const multiplierText = z
  .string()
  .trim()
  .refine((v) => /^\d+(\.\d{1,4})?$/.test(v) && scaledMultiplier(v) >= 10_000n, "Use a number of at least 1 with up to four decimals, like 1.5.");

export const tierPerksSchema = z.object({
  earnMultiplier: multiplierText.default("1"),
  entryReward: z
    .union([z.object({ points: z.number().int().positive().max(10_000_000) }).strict(), z.object({ rewardId: z.string().min(1) }).strict()])
    .nullable()
    .default(null),
  freeShipping: z.boolean().default(false),
  displayPerks: z
    .array(z.string().trim().max(200))
    .max(20)
    .default([])
    .transform((list) => list.filter((p) => p.length > 0)),
});

/** Perks as stored (JSON text) or posted; missing fields take their defaults. */
export function parseTierPerks(json: string | unknown): TierPerks {
  const value = typeof json === "string" ? (JSON.parse(json || "{}") as unknown) : json;
  return tierPerksSchema.parse(value ?? {});
}

export const tierProgramRulesSchema = z.object({
  metric: z.enum(TIER_METRICS),
  window: z.enum(TIER_WINDOWS),
  downgradePolicy: z.enum(DOWNGRADE_POLICIES),
  graceDays: z.number().int().min(1).max(3650),
});

export class TierValidationError extends Error {
  override name = "TierValidationError";
  constructor(readonly fieldErrors: Record<string, string>) {
    super(Object.values(fieldErrors)[0] ?? "The tiers are not valid.");
  }
}

export type TierInput = { id?: string | null; name: string; threshold: string | number | bigint; perks?: unknown };
export type ValidTier = { id: string | null; name: string; slug: string; threshold: bigint; position: number; perks: TierPerks };

export function slugOf(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug || "tier";
}

function parseThreshold(value: TierInput["threshold"]): bigint | null {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") return Number.isSafeInteger(value) ? BigInt(value) : null;
  const text = value.trim();
  return /^\d{1,30}$/.test(text) ? BigInt(text) : null;
}

/**
 * Checks a tier list in the order given (lowest first): at least one tier, first threshold 0,
 * thresholds strictly increasing whole numbers, names present and unique (case-insensitive),
 * perks valid. Throws TierValidationError with `tiers.<i>.<field>` keys (what the admin form shows).
 */
export function validateTiers(input: readonly TierInput[]): ValidTier[] {
  const errors: Record<string, string> = {};
  if (input.length === 0) errors["tiers"] = "Add at least one tier.";
  if (input.length > 20) errors["tiers"] = "A program can have at most 20 tiers.";
  const seenNames = new Map<string, number>();
  const seenSlugs = new Set<string>();
  const out: ValidTier[] = [];
  let previous: bigint | null = null;
  input.forEach((tier, i) => {
    const name = (tier.name ?? "").trim();
    if (!name) errors[`tiers.${i}.name`] = "Give the tier a name.";
    else if (name.length > 60) errors[`tiers.${i}.name`] = "Keep the name under 60 characters.";
    else if (seenNames.has(name.toLowerCase())) errors[`tiers.${i}.name`] = `Another tier is already called "${name}".`;
    seenNames.set(name.toLowerCase(), i);

    const threshold = parseThreshold(tier.threshold);
    if (threshold === null) errors[`tiers.${i}.threshold`] = "Enter a whole number of 0 or more.";
    else if (i === 0 && threshold !== 0n) errors[`tiers.${i}.threshold`] = "The first tier starts at 0, so every member has a tier.";
    else if (previous !== null && threshold <= previous) errors[`tiers.${i}.threshold`] = "Each tier needs a higher threshold than the one before it.";
    if (threshold !== null) previous = threshold;

    const perks = tierPerksSchema.safeParse(tier.perks ?? {});
    if (!perks.success) {
      for (const issue of perks.error.issues) errors[`tiers.${i}.perks.${issue.path.join(".")}`] ??= issue.message;
    }
    let slug = slugOf(name);
    for (let n = 2; seenSlugs.has(slug); n++) slug = `${slugOf(name)}-${n}`;
    seenSlugs.add(slug);
    if (threshold !== null && perks.success) out.push({ id: tier.id ?? null, name, slug, threshold, position: i, perks: perks.data });
  });
  if (Object.keys(errors).length) throw new TierValidationError(errors);
  return out;
}

const byPosition = (tiers: readonly TierDef[]) => [...tiers].sort((a, b) => a.position - b.position);

/** The highest tier whose threshold the value reaches (a value equal to a threshold reaches it). */
export function qualifyingTier<T extends Pick<TierDef, "threshold" | "position">>(tiers: readonly T[], progressValue: bigint): T | null {
  let best: T | null = null;
  for (const tier of [...tiers].sort((a, b) => a.position - b.position)) if (progressValue >= tier.threshold) best = tier;
  return best;
}

/** The first tier above the value, and how much is left to reach it. */
export function nextTier<T extends Pick<TierDef, "threshold" | "position">>(tiers: readonly T[], value: bigint): { tier: T; remaining: bigint } | null {
  const next = [...tiers].sort((a, b) => a.position - b.position).find((t) => t.threshold > value);
  return next ? { tier: next, remaining: next.threshold - value } : null;
}

/** The [start, now] window progress is counted over; null means since the beginning. */
export function windowStart(window: TierWindow, now: Date, timezone = "UTC"): Date | null {
  if (window === "lifetime") return null;
  const today = shopDayOf(now, timezone);
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  if (window === "calendar_year") return startOfShopDay(`${y}-01-01`, timezone);
  // Rolling 12 months: today and the 12 months before it, less one day. Activity of 10 March 2025
  // counts until the end of 9 March 2026 and stops counting on 10 March 2026. A year-ago date
  // that does not exist (29 February) is clamped to the month's last day.
  const lastDay = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  const yearAgo = `${y - 1}-${String(m).padStart(2, "0")}-${String(Math.min(d, lastDay)).padStart(2, "0")}`;
  return startOfShopDay(addDays(yearAgo, 1), timezone);
}

/** When the current window ends (the next calendar year starts); null when it never does. */
export function windowEnd(window: TierWindow, now: Date, timezone = "UTC"): Date | null {
  if (window !== "calendar_year") return null;
  const year = Number(shopDayOf(now, timezone).slice(0, 4));
  return startOfShopDay(`${year + 1}-01-01`, timezone);
}

/** The member's tier state as stored on Member. */
export type MemberTierState = {
  tierId: string | null;
  tierAchievedAt: Date | null;
  tierOverrideId: string | null;
  tierOverrideUntil: Date | null;
  tierOverrideLifetime: boolean;
  tierGraceUntil: Date | null;
};

export type TierDecision = {
  /** The effective tier after this evaluation. */
  tierId: string | null;
  changed: boolean;
  direction: "up" | "down" | null;
  /** Why the tier changed (TierChange.reason), when it did. */
  reason: "upgrade" | "downgrade" | "override" | "override_expired" | null;
  /** The tier the progress alone reaches. */
  earnedTierId: string | null;
  /** New value of tierGraceUntil: a downgrade is due then unless the member requalifies. */
  graceUntil: Date | null;
  clearOverride: boolean;
};

function overrideActive(state: MemberTierState, now: Date): boolean {
  if (!state.tierOverrideId) return false;
  return state.tierOverrideLifetime || (state.tierOverrideUntil !== null && state.tierOverrideUntil > now);
}

/**
 * When a member whose progress fell below their tier loses it:
 *  - never: not at all (null);
 *  - grace_period: graceDays after the drop was first seen;
 *  - end_of_window: calendar year: when the year in which the drop was seen ends (a tier reached
 *    or kept in 2026 lasts through 2026, and a member whose progress reset on 1 January keeps it
 *    through that new year); rolling 12 months: the shop-local day 12 months after the day the
 *    tier was reached (a full window), or now if that has passed; lifetime: now (progress only
 *    falls through refunds).
 */
export function downgradeDueAt(rules: Omit<TierProgramRules, "metric">, state: Pick<MemberTierState, "tierAchievedAt">, now: Date): Date | null {
  if (rules.downgradePolicy === "never") return null;
  if (rules.downgradePolicy === "grace_period") return new Date(now.getTime() + rules.graceDays * 86_400_000);
  if (rules.window === "calendar_year") return windowEnd("calendar_year", now, rules.timezone);
  if (rules.window === "rolling_12_months" && state.tierAchievedAt) {
    // The day the activity of the day the tier was reached leaves the window (see windowStart).
    const [y, m, d] = shopDayOf(state.tierAchievedAt, rules.timezone).split("-").map(Number) as [number, number, number];
    const lastDay = new Date(Date.UTC(y + 1, m, 0)).getUTCDate();
    const end = startOfShopDay(`${y + 1}-${String(m).padStart(2, "0")}-${String(Math.min(d, lastDay)).padStart(2, "0")}`, rules.timezone);
    return end > now ? end : now;
  }
  return now;
}

/**
 * The one tier rule. Given the member's stored state, the (current) tier list, the progress over
 * the window and the program rules, decides the effective tier: an active override wins; an
 * expired override gives way to what progress reaches; upgrades apply at once; a downgrade
 * follows the policy (due date kept in graceUntil; requalifying clears it); a tier that no longer
 * exists is left at once for the one progress reaches.
 */
export function decideTier(state: MemberTierState, tiers: readonly TierDef[], progress: bigint, rules: Omit<TierProgramRules, "metric">, now: Date, currentPosition?: number): TierDecision {
  const sorted = byPosition(tiers);
  const earned = qualifyingTier(sorted, progress);
  const earnedTierId = earned?.id ?? null;
  const find = (id: string | null) => (id ? (sorted.find((t) => t.id === id) ?? null) : null);
  const current = find(state.tierId);
  const result = (tierId: string | null, reason: TierDecision["reason"], graceUntil: Date | null, clearOverride: boolean): TierDecision => {
    const target = find(tierId);
    const changed = tierId !== state.tierId;
    // A removed tier compares by its old position (given by the caller when known).
    const fromPosition = current?.position ?? currentPosition ?? -1;
    const direction = !changed ? null : (target?.position ?? -1) > fromPosition ? "up" : "down";
    return { tierId, changed, direction, reason: changed ? (reason ?? (direction === "up" ? "upgrade" : "downgrade")) : null, earnedTierId, graceUntil, clearOverride };
  };

  const override = find(state.tierOverrideId);
  if (override && overrideActive(state, now)) return result(override.id, "override", null, false);
  const expiredOverride = state.tierOverrideId !== null;

  if (!current || !earned || earned.position >= current.position) {
    return result(earnedTierId, expiredOverride ? "override_expired" : null, null, expiredOverride);
  }
  // Progress is below the current tier.
  if (expiredOverride) return result(earnedTierId, "override_expired", null, true);
  const due = state.tierGraceUntil ?? downgradeDueAt(rules, state, now);
  if (due === null) return result(current.id, null, null, false);
  if (due <= now) return result(earnedTierId, null, null, false);
  return result(current.id, null, due, false);
}

export type PreviewMember = { memberId: string; customerId: string; email: string | null; state: MemberTierState; currentPosition?: number };
export type PreviewMove = {
  memberId: string;
  customerId: string;
  email: string | null;
  fromTierId: string | null;
  fromTierName: string | null;
  toTierId: string | null;
  toTierName: string | null;
  progress: string;
  /** "now", or the ISO date a downgrade becomes due (end of window or grace period). */
  when: string;
};

/**
 * What saving `newTiers` would do to each member: who moves up now, who moves down now or on a
 * date (the policy's due date), and how many stay. Uses decideTier, exactly as saving does.
 */
export function previewTierChanges(
  currentAssignments: readonly PreviewMember[],
  newTiers: readonly TierDef[],
  progressByMember: ReadonlyMap<string, bigint>,
  rules: Omit<TierProgramRules, "metric">,
  now: Date,
  tierNames: ReadonlyMap<string, string> = new Map(),
): { up: PreviewMove[]; down: PreviewMove[]; unchanged: number } {
  const names = new Map([...tierNames, ...newTiers.map((t) => [t.id, t.name] as const)]);
  const up: PreviewMove[] = [];
  const down: PreviewMove[] = [];
  let unchanged = 0;
  for (const member of currentAssignments) {
    const progress = progressByMember.get(member.memberId) ?? 0n;
    const decision = decideTier(member.state, newTiers, progress, rules, now, member.currentPosition);
    const move = (toTierId: string | null, when: string): PreviewMove => ({
      memberId: member.memberId,
      customerId: member.customerId,
      email: member.email,
      fromTierId: member.state.tierId,
      fromTierName: member.state.tierId ? (names.get(member.state.tierId) ?? null) : null,
      toTierId,
      toTierName: toTierId ? (names.get(toTierId) ?? null) : null,
      progress: progress.toString(),
      when,
    });
    if (decision.changed && decision.direction === "up") up.push(move(decision.tierId, "now"));
    else if (decision.changed) down.push(move(decision.tierId, "now"));
    else if (decision.graceUntil && decision.earnedTierId !== decision.tierId) down.push(move(decision.earnedTierId, decision.graceUntil.toISOString()));
    else unchanged++;
  }
  return { up, down, unchanged };
}

/**
 * The free-shipping perk as a standing reward: members of a tier that has it redeem the catalog's
 * free-shipping rewards without spending points (the reward's own limit per period still applies).
 */
export function freeThroughPerk(tiers: readonly Pick<TierDef, "id" | "perks">[], tierId: string | null, rewardType: string): boolean {
  return rewardType === "free_shipping" && Boolean(tiers.find((t) => t.id === tierId)?.perks.freeShipping);
}

/** Whether a member holding `tierId` may redeem a reward for `minimumTierId` and above. */
export function meetsMinimumTier(tiers: readonly Pick<TierDef, "id" | "position">[], tierId: string | null, minimumTierId: string | null): boolean {
  if (!minimumTierId) return true;
  const minimum = tiers.find((t) => t.id === minimumTierId);
  const held = tiers.find((t) => t.id === tierId);
  return Boolean(minimum && held && held.position >= minimum.position);
}

export type TierProgressView = {
  enabled: boolean;
  tier: { id: string; name: string; freeShipping: boolean; displayPerks: string[]; earnMultiplier: string } | null;
  /** Values are decimal strings: spend is in minor units and may exceed 2^53. */
  nextTier: { id: string; name: string; threshold: string; remaining: string } | null;
  progress: { metric: TierMetric; window: TierWindow; value: string; since: string | null };
  /** A downgrade is due then unless the member requalifies. */
  graceUntil: string | null;
  /** Set by staff: the tier is held until this date, or for life. */
  override: { until: string | null; lifetime: boolean } | null;
};

/**
 * A member's tier as the shopper and staff see it. The next goal is above both the tier held (an
 * override may put it above what progress reaches) and the tier progress reaches.
 */
export function tierProgressView(
  program: { enabled: boolean; rules: Pick<TierProgramRules, "metric" | "window">; tiers: readonly TierDef[] },
  member: Pick<MemberTierState, "tierId" | "tierGraceUntil" | "tierOverrideId" | "tierOverrideUntil" | "tierOverrideLifetime">,
  value: bigint,
  since: Date | null,
): TierProgressView {
  const current = program.enabled ? (program.tiers.find((t) => t.id === member.tierId) ?? null) : null;
  const earned = qualifyingTier(program.tiers, value);
  const floor = current && (!earned || current.position > earned.position) ? current.threshold : value;
  const next = program.enabled ? nextTier(program.tiers, floor) : null;
  return {
    enabled: program.enabled,
    tier: current
      ? { id: current.id, name: current.name, freeShipping: current.perks.freeShipping, displayPerks: current.perks.displayPerks, earnMultiplier: current.perks.earnMultiplier }
      : null,
    nextTier: next ? { id: next.tier.id, name: next.tier.name, threshold: next.tier.threshold.toString(), remaining: (next.tier.threshold - value).toString() } : null,
    progress: { metric: program.rules.metric, window: program.rules.window, value: value.toString(), since: since?.toISOString() ?? null },
    graceUntil: current ? (member.tierGraceUntil ? new Date(member.tierGraceUntil).toISOString() : null) : null,
    override:
      current && member.tierOverrideId === current.id
        ? { until: member.tierOverrideLifetime || !member.tierOverrideUntil ? null : new Date(member.tierOverrideUntil).toISOString(), lifetime: Boolean(member.tierOverrideLifetime) }
        : null,
  };
}
