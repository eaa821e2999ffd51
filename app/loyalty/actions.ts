// Other ways to earn than orders: following on a social network (click-based, cannot be
// verified), subscribing to email marketing (from Shopify's consent data), and a product review
// (reported by a review app through a signed endpoint). Each has points and a limit per period.
import { z } from "zod";
import { SAFE_LINK_MESSAGE, safeLink } from "./safe-link";
import { addDays, shopDayOf, startOfShopDay } from "./shop-day";

export const SOCIAL_NETWORKS = ["instagram", "facebook", "tiktok", "x", "youtube", "pinterest"] as const;
export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number];

export const ACTION_PERIODS = ["day", "week", "month", "year", "lifetime"] as const;
export type ActionPeriod = (typeof ACTION_PERIODS)[number];

const limit = z
  .object({ count: z.number().int().min(1).max(1000).default(1), period: z.enum(ACTION_PERIODS).default("lifetime") })
  .default({});

const rule = {
  enabled: z.boolean().default(false),
  points: z.number().int().min(0).max(1_000_000).default(0),
  limit,
};

export const actionsSettingsSchema = z
  .object({
    /** Per network: the profile to open (https only: shoppers are sent there), and the points for a click on "follow". */
    socialFollow: z
      .record(
        z.enum(SOCIAL_NETWORKS),
        z.object({ ...rule, url: z.string().trim().max(500).refine((v) => safeLink(v) !== null, SAFE_LINK_MESSAGE).nullable().default(null) }),
      )
      .default({}),
    /** Granted once, whatever the limit says: a customer subscribes once. */
    emailSignup: z.object({ enabled: rule.enabled, points: rule.points }).default({}),
    productReview: z.object(rule).default({}),
  })
  .default({});

export type ActionsSettings = z.output<typeof actionsSettingsSchema>;
export type ActionLimit = { count: number; period: ActionPeriod };

/** Ledger source id of an action (counted per member against its limit). */
export const actionSourceId = (action: "social_follow" | "email_signup" | "product_review", network?: SocialNetwork) =>
  network ? `${action}:${network}` : action;

/** The shop-local calendar period a limit counts in: [start, end); lifetime is null. */
export function actionPeriod(period: ActionPeriod, now: Date, timezone = "UTC"): { label: string; start: Date; end: Date } | null {
  const today = shopDayOf(now, timezone);
  const [y, m] = today.split("-").map(Number) as [number, number, number];
  const pad = (n: number) => String(n).padStart(2, "0");
  let first: string;
  let next: string;
  switch (period) {
    case "lifetime":
      return null;
    case "day":
      first = today;
      next = addDays(today, 1);
      break;
    case "week": {
      // Weeks start on Monday.
      const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
      first = addDays(today, -weekday);
      next = addDays(first, 7);
      break;
    }
    case "month":
      first = `${y}-${pad(m)}-01`;
      next = m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
      break;
    case "year":
      first = `${y}-01-01`;
      next = `${y + 1}-01-01`;
      break;
  }
  return { label: `${period}:${first}`, start: startOfShopDay(first, timezone), end: startOfShopDay(next, timezone) };
}

/** Whether another grant fits the limit, given the grants already in the current period. */
export const withinLimit = (limitRule: ActionLimit, grantsInPeriod: number) => grantsInPeriod < limitRule.count;
