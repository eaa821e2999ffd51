// Shared inputs for the extension tests: a shop, a member, a product, the app-owned earn-rule
// metafield, and storefront API answers shaped as docs/storefront-api.md says.
import type { StorefrontCustomer, StorefrontProduct, StorefrontShop } from "../../standin/storefront/render";

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
  ],
  rewards: [
    { id: "r-five", title: "$5 off", type: "fixed_amount", pointsCost: 500, valueLabel: "5.00 USD off", minimumTier: null },
    { id: "r-fifteen", title: "15% off", type: "percentage", pointsCost: 1200, valueLabel: "15% off", minimumTier: null },
    {
      id: "r-credit",
      title: "Store credit",
      type: "variable_amount",
      pointsCost: 100,
      valueLabel: "1.00 USD per 100 points",
      minimumTier: null,
      variable: { pointsPerStep: 100, amountPerStep: "1.00", minPoints: 100, maxPoints: 1000 },
    },
    { id: "r-gold", title: "Gold gift", type: "free_product", pointsCost: 300, valueLabel: "A free candle", minimumTier: "t-gold" },
    { id: "r-ship", title: "Free shipping", type: "free_shipping", pointsCost: 800, valueLabel: "Free shipping", minimumTier: null },
  ],
  tiers: [
    { id: "t-silver", name: "Silver", threshold: 0, metric: "points", perks: ["Birthday bonus"] },
    { id: "t-gold", name: "Gold", threshold: 2000, metric: "points", perks: ["Earn 25% more", "Free shipping"] },
  ],
};

export type StorefrontRedemption = {
  id: string;
  rewardId: string;
  title: string;
  status: "issued" | "consumed" | "released" | "expired" | "failed";
  code: string | null;
  valueLabel: string;
  expiresAt: string | null;
  createdAt: string;
};

const redemptions: StorefrontRedemption[] = [
  { id: "red-1", rewardId: "r-five", title: "$5 off", status: "issued", code: "TALLY-OLD11-AAAAA", valueLabel: "5.00 USD off", expiresAt: "2027-01-31T00:00:00.000Z", createdAt: "2026-11-01T00:00:00.000Z" },
  { id: "red-0", rewardId: "r-five", title: "$5 off", status: "consumed", code: "TALLY-USED0-BBBBB", valueLabel: "5.00 USD off", expiresAt: null, createdAt: "2026-10-01T00:00:00.000Z" },
];

export const meResponse = {
  member: {
    balance: 640,
    pending: 120,
    pendingReleases: [{ points: 120, availableAt: "2026-12-20T00:00:00.000Z" }],
    lifetimeEarned: 1140,
    tier: { id: "t-silver", name: "Silver" },
    nextTier: { name: "Gold", threshold: 2000, remaining: 860 },
    progress: { metric: "points", value: 1140 },
    nextExpiry: { points: 40, at: "2027-05-01T00:00:00.000Z" },
  },
  affordableRewardIds: ["r-five", "r-credit", "r-ship"],
  freeRewardIds: ["r-ship"], // Silver's free-shipping perk
  nextReward: { id: "r-fifteen", title: "15% off", pointsCost: 1200, remaining: 560 },
  redemptions,
  history: [
    { id: "h-2", kind: "redeem", points: -500, description: "Redeemed $5 off", createdAt: "2026-11-01T00:00:00.000Z" },
    { id: "h-1", kind: "earn", points: 64, description: "Order #1001", createdAt: "2026-10-20T00:00:00.000Z" },
  ],
};
