// The merchant's program rules, validated. Unknown or missing fields take the defaults, so a
// shop that never saved anything has a working program: 1 point per 1.00 of shop currency on the
// subtotal after discounts, rounded down, earned when the order is paid.
import { z } from "zod";

const decimal = z.string().trim().regex(/^\d+(\.\d+)?$/, "must be a decimal amount like 1.00");
/** Multipliers are decimal strings ("1.5") so points are computed exactly, never with floats. */
const multiplier = z.string().trim().regex(/^\d+(\.\d{1,4})?$/, "must be a multiplier like 2 or 1.5");

const earnSchema = z
  .object({
    // `points` per `perAmount` of shop currency, e.g. 1 point per "1.00", or 1 point per "100" yen.
    pointsPerUnit: z
      .object({ points: z.number().int().min(0).max(1_000_000), perAmount: decimal.refine((v) => /[1-9]/.test(v), "must be more than zero") })
      .default({ points: 1, perAmount: "1.00" }),
    basis: z.object({ includeShipping: z.boolean().default(false), includeTaxes: z.boolean().default(false) }).default({}),
    rounding: z.enum(["down", "nearest", "up"]).default("down"),
    minimumOrder: decimal.nullable().default(null),
    exclusions: z
      .object({
        productIds: z.array(z.string()).default([]),
        collectionIds: z.array(z.string()).default([]),
        productTags: z.array(z.string()).default([]),
      })
      .default({}),
    multipliers: z
      .object({ productIds: z.record(multiplier).default({}), collectionIds: z.record(multiplier).default({}) })
      .default({}),
    channelRates: z.object({ pos: multiplier.nullable().default(null) }).default({}),
    earnOn: z.enum(["paid", "fulfilled"]).default("paid"),
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
});

export type ProgramSettings = z.infer<typeof programSettingsSchema>;

export class ProgramSettingsError extends Error {
  override name = "ProgramSettingsError";
  constructor(readonly fieldErrors: Record<string, string>) {
    super(`Invalid program settings: ${Object.entries(fieldErrors).map(([f, m]) => `${f} ${m}`).join("; ")}`);
  }
}

export function parseProgramSettings(input: unknown): ProgramSettings {
  const result = programSettingsSchema.safeParse(input ?? {});
  if (!result.success) {
    throw new ProgramSettingsError(Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message])));
  }
  return result.data;
}

export const defaultProgramSettings = (): ProgramSettings => programSettingsSchema.parse({});
