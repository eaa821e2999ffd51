// The merchant's program rules, validated. Unknown or missing fields take the defaults, so a
// shop that never saved anything has a working program: 1 point per 1.00 of shop currency on the
// subtotal after discounts, rounded down, earned when the order is paid.
//
// Decisions:
// - The earn rate is `pointsPerUnit: { points, perAmount }`: `points` (an integer) for every
//   `perAmount` of shop currency, a decimal string ("1.00", or "100" for yen). A rate in money
//   rather than in minor units reads the same in every currency and is exact.
// - Multipliers (per product, per collection, the POS channel rate) are decimal strings with up to
//   four decimals ("2", "1.5", "0.25"), so points are computed on exact rationals, never floats.
//   Plain numbers (2, 1.5) are accepted on input and stored as their decimal string.
import { z } from "zod";
import { actionsSettingsSchema } from "./actions";
import { parseMoney } from "./money";
import { referralsSettingsSchema } from "./referrals";
import { safeLink } from "./safe-link";

/** A JSON number or string as decimal text; exponent notation is refused (it hides precision). */
const decimalText = (pattern: RegExp, message: string) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => (typeof v === "number" ? String(v) : v.trim()))
    .refine((v) => pattern.test(v), message);

const amount = decimalText(/^\d+(\.\d+)?$/, "must be a decimal amount like 1.00");
const multiplier = decimalText(/^\d+(\.\d{1,4})?$/, "must be a multiplier like 2 or 1.5 (at most 4 decimals)");

const earnSchema = z
  .object({
    pointsPerUnit: z
      .object({
        points: z.number().int().min(0).max(1_000_000),
        perAmount: amount.refine((v) => /[1-9]/.test(v), "must be more than zero"),
      })
      .default({ points: 1, perAmount: "1.00" }),
    /** The basis is the line subtotal after discounts; shipping and taxes are opt-in. */
    basis: z.object({ includeShipping: z.boolean().default(false), includeTaxes: z.boolean().default(false) }).default({}),
    rounding: z.enum(["down", "nearest", "up"]).default("down"),
    /** Orders whose subtotal after discounts is below this amount earn nothing. */
    minimumOrder: amount.nullable().default(null),
    /** Gift cards never earn, whatever these say. */
    exclusions: z
      .object({
        productIds: z.array(z.string()).default([]),
        collectionIds: z.array(z.string()).default([]),
        productTags: z.array(z.string()).default([]),
      })
      .default({}),
    /** The highest multiplier that applies to a line wins; they do not stack. */
    multipliers: z
      .object({ productIds: z.record(multiplier).default({}), collectionIds: z.record(multiplier).default({}) })
      .default({}),
    /** Multiplier for point-of-sale orders (source_name "pos"); null earns like the web. */
    channelRates: z.object({ pos: multiplier.nullable().default(null) }).default({}),
    earnOn: z.enum(["paid", "fulfilled"]).default("paid"),
    /**
     * Pending points: an order's points become spendable this many days after the order (the
     * return window); a refund or cancellation before then cancels them. 0 = spendable at once.
     */
    pendingDays: z.number().int().min(0).max(365).default(0),
  })
  .default({});

export const programSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  currency: z
    .object({ singular: z.string().trim().min(1).max(40).default("point"), plural: z.string().trim().min(1).max(40).default("points") })
    .default({}),
  earn: earnSchema,
  clawback: z.enum(["clamp", "allow_negative"]).default("clamp"),
  signupBonus: z.number().int().min(0).max(1_000_000).default(0),
  pointsExpiry: z
    .discriminatedUnion("mode", [
      z.object({ mode: z.literal("none") }),
      z.object({ mode: z.literal("after_months"), months: z.number().int().min(1).max(120) }),
      z.object({ mode: z.literal("inactivity"), months: z.number().int().min(1).max(120) }),
    ])
    .default({ mode: "none" }),
  /**
   * Birthday reward (app/loyalty/birthday.ts): points or a catalog reward, once a year on the day;
   * a birthday set or changed fewer than `minDaysBeforeBirthday` days before it pays next year.
   */
  birthday: z
    .object({
      enabled: z.boolean().default(false),
      points: z.number().int().min(0).max(1_000_000).default(0),
      rewardId: z.string().trim().min(1).max(64).nullable().default(null),
      minDaysBeforeBirthday: z.number().int().min(0).max(365).default(30),
    })
    .superRefine((b, ctx) => {
      if (b.points > 0 && b.rewardId) ctx.addIssue({ code: "custom", path: ["rewardId"], message: "give points or a reward, not both" });
      if (b.enabled && b.points <= 0 && !b.rewardId) ctx.addIssue({ code: "custom", path: ["points"], message: "give points or a reward" });
    })
    .default({}),
  /** Other ways to earn (app/loyalty/actions.ts): social follows, email sign-up, product reviews. */
  actions: actionsSettingsSchema,
  /** Referrals (app/loyalty/referrals.ts): advocate points, the friend's welcome reward, a monthly cap. */
  referrals: referralsSettingsSchema,
});

export type ProgramSettings = z.output<typeof programSettingsSchema>;
export type Rounding = ProgramSettings["earn"]["rounding"];

export class ProgramSettingsError extends Error {
  override name = "ProgramSettingsError";
  /** Field path ("earn.pointsPerUnit.points") → what is wrong with it. */
  constructor(readonly fieldErrors: Record<string, string>) {
    super(`Invalid program settings: ${Object.entries(fieldErrors).map(([f, m]) => `${f} ${m}`).join("; ")}`);
  }
}

/**
 * Validates stored or submitted settings. With `shopCurrency`, money amounts are also checked
 * against the currency's decimals ("0.50" is not a yen amount), so earning never meets them.
 */
export function parseProgramSettings(input: unknown, opts: { shopCurrency?: string } = {}): ProgramSettings {
  const result = programSettingsSchema.safeParse(input ?? {});
  if (!result.success) {
    const errors: Record<string, string> = {};
    for (const issue of result.error.issues) errors[issue.path.join(".") || "(root)"] ??= issue.message;
    throw new ProgramSettingsError(errors);
  }
  if (opts.shopCurrency) {
    const errors: Record<string, string> = {};
    const amounts = { "earn.pointsPerUnit.perAmount": result.data.earn.pointsPerUnit.perAmount, "earn.minimumOrder": result.data.earn.minimumOrder };
    for (const [field, value] of Object.entries(amounts)) {
      if (value === null) continue;
      try {
        parseMoney(value, opts.shopCurrency);
      } catch (error) {
        errors[field] = (error as Error).message;
      }
    }
    if (Object.keys(errors).length) throw new ProgramSettingsError(errors);
  }
  return result.data;
}

/**
 * Settings read back from the database. A social link saved before links were checked
 * (javascript:, data:…) is dropped rather than refused: the program keeps running without it, and
 * the next save validates everything.
 */
export function parseStoredProgramSettings(stored: unknown): ProgramSettings {
  const social = (stored as { actions?: { socialFollow?: unknown } } | null)?.actions?.socialFollow;
  if (!social || typeof social !== "object") return parseProgramSettings(stored);
  const cleaned = Object.fromEntries(
    Object.entries(social as Record<string, unknown>).map(([network, rule]) => {
      const url = (rule as { url?: unknown } | null)?.url;
      const unsafe = url !== undefined && url !== null && safeLink(typeof url === "string" ? url.trim() : url) === null;
      return [network, unsafe ? { ...(rule as object), url: null } : rule];
    }),
  );
  const s = stored as { actions: Record<string, unknown> };
  return parseProgramSettings({ ...s, actions: { ...s.actions, socialFollow: cleaned } });
}

// Parsed once (every storefront request of a shop that never saved settings asks for them); each
// caller gets its own copy, which it may change.
let defaults: ProgramSettings | undefined;
export const defaultProgramSettings = (): ProgramSettings => structuredClone((defaults ??= programSettingsSchema.parse({})));
