// Shared inputs for the extension tests: a shop, a member, a product, the app-owned earn-rule
// metafield, and storefront API answers shaped as docs/storefront-api.md says.
import type { memberView } from "../../../app/services/storefront/member-view.server";
import type { programView } from "../../../app/services/storefront/program-view.server";
import type { StorefrontCustomer, StorefrontProduct, StorefrontShop } from "../../standin/storefront/render";

/** What a service's answer looks like after Response.json (dates become strings). */
type Jsonify<T> = T extends Date ? string : T extends Array<infer U> ? Array<Jsonify<U>> : T extends object ? { [K in keyof T]: Jsonify<T[K]> } : T;
/** The real GET /proxy/program and GET /proxy/me answers: the fakes below must have their shapes (checked by tsc). */
export type ProgramAnswer = Jsonify<Awaited<ReturnType<typeof programView>>>;
export type MeAnswer = Jsonify<Awaited<ReturnType<typeof memberView>>>;

export const shop: StorefrontShop = { domain: "demo.myshopify.com", name: "Demo Candles", currency: "USD", moneyFormat: "${{amount}}" };
export const member: StorefrontCustomer = { id: "7100000000000000123", email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" };
export const product: StorefrontProduct = {
  id: "8200000000000000001",
  title: "Cedar Candle",
  handle: "cedar-candle",
  variants: [
    { id: "9300000000000000001", title: "Small", priceMinor: 3250 },
    { id: "9300000000000000002", title: "Large", priceMinor: 5999 },
  ],
};

export const earnRule = (over: Record<string, unknown> = {}, earn: Record<string, unknown> = {}) => ({
  currency: { singular: "Bath Buck", plural: "Bath Bucks" },
  earn: { points: 2, perAmount: "1.00", rounding: "down", ...earn },
  minorExponent: 2,
  ...over,
});

export const LOCALE_LABELS: Record<string, string> = { en: "Rewards", fr: "Récompenses", de: "Prämien", es: "Recompensas", ar: "المكافآت" };

export const programResponse = {
  enabled: true,
  currency: { singular: "point", plural: "points" },
  earn: { points: 1, perAmount: "1.00", currency: "USD", description: "1 point for every 1.00 USD spent" },
  waysToEarn: [
    { id: "orders", title: "Place an order", points: 1, description: "1 point for every 1.00 USD spent" },
    { id: "signup", title: "Create an account", points: 100, description: "100 points when you join" },
    // The issue-9 ways, as app/loyalty/ways-to-earn.ts lists them.
    { id: "birthday", title: "Celebrate your birthday", points: 200, description: "200 points on your birthday", action: { type: "birthday" } },
    {
      id: "social_follow:instagram",
      title: "Follow us on Instagram",
      points: 50,
      description: "50 points for following us on Instagram",
      action: { type: "social_follow", network: "instagram", url: "https://instagram.example/democandles" },
    },
    { id: "email_signup", title: "Subscribe to our emails", points: 25, description: "25 points when you subscribe" },
    { id: "product_review", title: "Review a product", points: 30, description: "30 points for a product review" },
    { id: "referral", title: "Refer a friend", points: 300, description: "300 points when a friend places a first order", action: { type: "referral" } },
  ],
  rewards: [
    { id: "r-five", title: "$5 off", type: "fixed_amount", pointsCost: 500, valueLabel: "5.00 USD off", minimumTier: null, minimumSubtotal: null },
    { id: "r-fifteen", title: "15% off", type: "percentage", pointsCost: 1200, valueLabel: "15% off", minimumTier: null, minimumSubtotal: null },
    {
      id: "r-credit",
      title: "Store credit",
      type: "variable_amount",
      pointsCost: 100,
      valueLabel: "1.00 USD per 100 points",
      minimumTier: null,
      minimumSubtotal: null,
      variable: { pointsPerStep: 100, amountPerStep: "1.00", minPoints: 100, maxPoints: 1000 },
    },
    { id: "r-gold", title: "Gold gift", type: "free_product", pointsCost: 300, valueLabel: "A free candle", minimumTier: "t-gold", minimumSubtotal: null },
    { id: "r-ship", title: "Free shipping", type: "free_shipping", pointsCost: 800, valueLabel: "Free shipping", minimumTier: null, minimumSubtotal: null },
  ],
  tiers: [
    { id: "t-silver", name: "Silver", threshold: 0, metric: "points", window: "lifetime", perks: ["Birthday bonus"], earnMultiplier: "1", freeShipping: true },
    { id: "t-gold", name: "Gold", threshold: 2000, metric: "points", window: "lifetime", perks: ["Earn 25% more", "Free shipping"], earnMultiplier: "1.25", freeShipping: true },
  ],
} satisfies ProgramAnswer;

export type StorefrontRedemption = {
  id: string;
  rewardId: string;
  title: string;
  status: "pending" | "issued" | "consumed" | "released" | "expired" | "failed";
  code: string | null;
  valueLabel: string;
  pointsCost: number;
  expiresAt: string | null;
  createdAt: string;
};

const redemptions: StorefrontRedemption[] = [
  { id: "red-1", rewardId: "r-five", title: "$5 off", status: "issued", code: "TALLY-OLD11-AAAAA", valueLabel: "5.00 USD off", pointsCost: 500, expiresAt: "2027-01-31T00:00:00.000Z", createdAt: "2026-11-01T00:00:00.000Z" },
  { id: "red-0", rewardId: "r-five", title: "$5 off", status: "consumed", code: "TALLY-USED0-BBBBB", valueLabel: "5.00 USD off", pointsCost: 500, expiresAt: null, createdAt: "2026-10-01T00:00:00.000Z" },
];

export const meResponse = {
  member: {
    balance: 640,
    pending: 120,
    pendingReleases: [{ points: 120, availableAt: "2026-12-20T00:00:00.000Z" }],
    held: 500,
    lifetimeEarned: 1140,
    tier: { id: "t-silver", name: "Silver", perks: ["Birthday bonus"], earnMultiplier: "1", freeShipping: true },
    nextTier: { id: "t-gold", name: "Gold", threshold: 2000, remaining: 860 },
    progress: { metric: "points", window: "lifetime", value: 1140, since: null },
    tierGraceUntil: null,
    tierOverride: null,
    nextExpiry: { points: 40, at: "2027-05-01T00:00:00.000Z" },
    birthday: null as { month: number; day: number; year: number | null; changeableFrom: string | null } | null,
    referral: { code: "K7QM2PXA", url: "https://demo.myshopify.com/apps/tally/r/K7QM2PXA" },
  },
  affordableRewardIds: ["r-five", "r-credit", "r-ship"],
  freeRewardIds: ["r-ship"], // Silver's free-shipping perk
  nextReward: { id: "r-fifteen", title: "15% off", pointsCost: 1200, remaining: 560 },
  redemptions,
  history: [
    { id: "h-2", kind: "redeem", points: -500, description: "Redeemed $5 off", createdAt: "2026-11-01T00:00:00.000Z" },
    { id: "h-1", kind: "earn", points: 64, description: "Order #1001", createdAt: "2026-10-20T00:00:00.000Z" },
  ],
} satisfies MeAnswer;
