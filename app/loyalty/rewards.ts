// The reward catalog's rules: what each reward type is configured with, what a redemption of it
// costs and is worth, and the per-customer limits. Plain TypeScript, no database.
import { randomInt } from "node:crypto";
import { z } from "zod";
import { formatDecimal, parseMoney } from "./money";

export const REWARD_TYPES = ["fixed_amount", "variable_amount", "percentage", "free_shipping", "free_product", "store_credit"] as const;
export type RewardType = (typeof REWARD_TYPES)[number];
export const LIMIT_PERIODS = ["day", "week", "month", "year", "lifetime"] as const;
export type LimitPeriod = (typeof LIMIT_PERIODS)[number];

const decimal = z.string().trim().regex(/^\d+(\.\d+)?$/, "must be a positive decimal amount like 5.00");
const positiveInt = z.number().int().positive();

export const rewardConfigSchemas = {
  fixed_amount: z.object({ amount: decimal }),
  variable_amount: z
    .object({ pointsPerStep: positiveInt, amountPerStep: decimal, minPoints: positiveInt, maxPoints: positiveInt })
    .refine((c) => c.minPoints <= c.maxPoints, { message: "minPoints must not exceed maxPoints", path: ["minPoints"] })
    .refine((c) => c.minPoints % c.pointsPerStep === 0 && c.maxPoints % c.pointsPerStep === 0, {
      message: "minPoints and maxPoints must be multiples of pointsPerStep",
      path: ["pointsPerStep"],
    }),
  percentage: z.object({ percentage: z.number().int().min(1).max(100) }),
  free_shipping: z.object({ maxShippingPrice: decimal.nullable().default(null) }),
  free_product: z.object({ variantId: z.string().regex(/^\d+$/, "must be a numeric variant id"), productTitle: z.string().default("") }),
  store_credit: z.object({ amount: decimal }),
} satisfies Record<RewardType, z.ZodTypeAny>;

export type RewardConfig = {
  fixed_amount: { amount: string };
  variable_amount: { pointsPerStep: number; amountPerStep: string; minPoints: number; maxPoints: number };
  percentage: { percentage: number };
  free_shipping: { maxShippingPrice: string | null };
  free_product: { variantId: string; productTitle: string };
  store_credit: { amount: string };
};

const combinesWith = z
  .object({ orderDiscounts: z.boolean().default(false), productDiscounts: z.boolean().default(false), shippingDiscounts: z.boolean().default(true) })
  .default({});

export const rewardInputSchema = z.object({
  title: z.string().trim().min(1, "is required").max(120),
  type: z.enum(REWARD_TYPES),
  pointsCost: z.number().int().min(0),
  config: z.record(z.unknown()).default({}),
  minimumSubtotal: decimal.nullable().default(null),
  collectionIds: z.array(z.string().regex(/^\d+$/)).default([]),
  codeValidityDays: z.number().int().min(1).max(365).default(30),
  limit: z.object({ count: positiveInt, period: z.enum(LIMIT_PERIODS) }).nullable().default(null),
  minimumTierId: z.string().nullable().default(null),
  active: z.boolean().default(true),
  combinesWith,
});

export type RewardInput = z.input<typeof rewardInputSchema>;

export type Reward = {
  id: string;
  title: string;
  type: RewardType;
  pointsCost: number;
  config: Record<string, unknown>;
  minimumSubtotalMinor: bigint | null;
  collectionIds: string[];
  codeValidityDays: number;
  limit: { count: number; period: LimitPeriod } | null;
  minimumTierId: string | null;
  active: boolean;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
};

export class RewardValidationError extends Error {
  override name = "RewardValidationError";
  constructor(readonly fieldErrors: Record<string, string>) {
    super(`Invalid reward: ${Object.entries(fieldErrors).map(([f, m]) => `${f} ${m}`).join("; ")}`);
  }
}

function issuesToFields(error: z.ZodError, prefix = ""): Record<string, string> {
  return Object.fromEntries(error.issues.map((i) => [prefix + i.path.join("."), i.message]));
}

/** Validates a merchant's reward form. Returns the normalized input with a type-checked config. */
export function validateRewardInput(input: unknown, shopCurrency: string) {
  const parsed = rewardInputSchema.safeParse(input);
  if (!parsed.success) throw new RewardValidationError(issuesToFields(parsed.error));
  const reward = parsed.data;
  const config = rewardConfigSchemas[reward.type].safeParse(reward.config);
  if (!config.success) throw new RewardValidationError(issuesToFields(config.error, "config."));
  const fieldErrors: Record<string, string> = {};
  const money = (field: string, value: string | null | undefined) => {
    if (value == null) return null;
    try {
      return parseMoney(value, shopCurrency).minor;
    } catch (e) {
      fieldErrors[field] = (e as Error).message;
      return null;
    }
  };
  const c = config.data as Record<string, unknown>;
  if (typeof c.amount === "string" && money("config.amount", c.amount) === 0n) fieldErrors["config.amount"] = "must be more than zero";
  if (typeof c.amountPerStep === "string") money("config.amountPerStep", c.amountPerStep);
  if (typeof c.maxShippingPrice === "string") money("config.maxShippingPrice", c.maxShippingPrice);
  const minimumSubtotalMinor = money("minimumSubtotal", reward.minimumSubtotal);
  if (reward.type !== "variable_amount" && reward.pointsCost <= 0) fieldErrors.pointsCost = "must be at least 1";
  if (Object.keys(fieldErrors).length) throw new RewardValidationError(fieldErrors);
  const pointsCost = reward.type === "variable_amount" ? (c.minPoints as number) : reward.pointsCost;
  return { ...reward, pointsCost, config: c, minimumSubtotalMinor };
}

export type RedemptionQuote = {
  pointsCost: number;
  /** Money off or credited, in shop-currency minor units; null for percentage and free shipping/product. */
  valueMinor: bigint | null;
  percentage: number | null;
  label: string;
};

export class RedemptionRequestError extends Error {
  override name = "RedemptionRequestError";
}

/** What redeeming `reward` costs and gives. `points` is the shopper's choice for a variable reward. */
export function quoteRedemption(reward: Reward, currency: string, points?: number): RedemptionQuote {
  const config = reward.config;
  switch (reward.type) {
    case "fixed_amount":
    case "store_credit": {
      const valueMinor = parseMoney(String(config.amount), currency).minor;
      const what = reward.type === "store_credit" ? "store credit" : "off";
      return { pointsCost: reward.pointsCost, valueMinor, percentage: null, label: `${formatDecimal(valueMinor, currency)} ${currency} ${what}` };
    }
    case "variable_amount": {
      const c = config as RewardConfig["variable_amount"];
      const chosen = points ?? c.minPoints;
      if (!Number.isSafeInteger(chosen) || chosen < c.minPoints || chosen > c.maxPoints || chosen % c.pointsPerStep !== 0) {
        throw new RedemptionRequestError(
          `amount must be between ${c.minPoints} and ${c.maxPoints} points in steps of ${c.pointsPerStep}`,
        );
      }
      const valueMinor = (BigInt(chosen / c.pointsPerStep) * parseMoney(c.amountPerStep, currency).minor);
      return { pointsCost: chosen, valueMinor, percentage: null, label: `${formatDecimal(valueMinor, currency)} ${currency} off` };
    }
    case "percentage": {
      const pct = (config as RewardConfig["percentage"]).percentage;
      return { pointsCost: reward.pointsCost, valueMinor: null, percentage: pct, label: `${pct}% off` };
    }
    case "free_shipping":
      return { pointsCost: reward.pointsCost, valueMinor: null, percentage: null, label: "Free shipping" };
    case "free_product": {
      const title = (config as RewardConfig["free_product"]).productTitle;
      return { pointsCost: reward.pointsCost, valueMinor: null, percentage: 100, label: title ? `Free ${title}` : "Free product" };
    }
  }
}

// No 0/O, 1/I/L: codes are read aloud and typed from emails. 32 symbols × 10 = 50 bits of chance.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export function generateRewardCode(prefix = "TALLY"): string {
  let body = "";
  for (let i = 0; i < 10; i++) body += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${prefix}-${body.slice(0, 5)}-${body.slice(5)}`;
}

/** Start of the window a per-customer limit counts in (UTC calendar periods). */
export function limitWindowStart(period: LimitPeriod, now: Date): Date {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const d = now.getUTCDate();
  switch (period) {
    case "day":
      return new Date(Date.UTC(y, m, d));
    case "week": {
      const monday = (now.getUTCDay() + 6) % 7;
      return new Date(Date.UTC(y, m, d - monday));
    }
    case "month":
      return new Date(Date.UTC(y, m, 1));
    case "year":
      return new Date(Date.UTC(y, 0, 1));
    case "lifetime":
      return new Date(0);
  }
}

