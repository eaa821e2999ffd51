// The reward editor's form model: every field as text, converted to the catalog's input on save.
// Shared by the route (server) and the page (browser); no server-only imports.
import type { LimitPeriod, RewardType } from "../../loyalty/rewards";

export type RewardForm = {
  title: string;
  type: RewardType;
  pointsCost: string;
  amount: string;
  pointsPerStep: string;
  amountPerStep: string;
  minPoints: string;
  maxPoints: string;
  percentage: string;
  maxShippingPrice: string;
  variantId: string;
  productTitle: string;
  minimumSubtotal: string;
  collectionIds: string;
  codeValidityDays: string;
  limitCount: string;
  limitPeriod: LimitPeriod;
  minimumTierId: string;
  active: boolean;
  orderDiscounts: boolean;
  productDiscounts: boolean;
  shippingDiscounts: boolean;
};

export const emptyRewardForm = (): RewardForm => ({
  title: "",
  type: "fixed_amount",
  pointsCost: "500",
  amount: "5.00",
  pointsPerStep: "100",
  amountPerStep: "1.00",
  minPoints: "100",
  maxPoints: "1000",
  percentage: "10",
  maxShippingPrice: "",
  variantId: "",
  productTitle: "",
  minimumSubtotal: "",
  collectionIds: "",
  codeValidityDays: "30",
  limitCount: "",
  limitPeriod: "month",
  minimumTierId: "",
  active: true,
  orderDiscounts: false,
  productDiscounts: false,
  shippingDiscounts: true,
});

/** Whole numbers become numbers; anything else is passed on as typed, so the server names the field. */
const int = (text: string): number | string => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : text);

export function rewardInputFromForm(f: RewardForm) {
  const config: Record<RewardType, Record<string, unknown>> = {
    fixed_amount: { amount: f.amount },
    store_credit: { amount: f.amount },
    variable_amount: { pointsPerStep: int(f.pointsPerStep), amountPerStep: f.amountPerStep, minPoints: int(f.minPoints), maxPoints: int(f.maxPoints) },
    percentage: { percentage: int(f.percentage) },
    free_shipping: { maxShippingPrice: f.maxShippingPrice.trim() || null },
    free_product: { variantId: f.variantId.trim(), productTitle: f.productTitle },
  };
  return {
    title: f.title,
    type: f.type,
    pointsCost: f.type === "variable_amount" ? int(f.minPoints) : int(f.pointsCost),
    config: config[f.type],
    minimumSubtotal: f.minimumSubtotal.trim() || null,
    collectionIds: f.collectionIds.split(",").map((s) => s.trim()).filter(Boolean),
    codeValidityDays: int(f.codeValidityDays),
    limit: f.limitCount.trim() ? { count: int(f.limitCount), period: f.limitPeriod } : null,
    minimumTierId: f.minimumTierId || null,
    active: f.active,
    combinesWith: { orderDiscounts: f.orderDiscounts, productDiscounts: f.productDiscounts, shippingDiscounts: f.shippingDiscounts },
  };
}

/** A stored reward (as the catalog returns it, money already as decimal text) back into the form. */
export function rewardFormFrom(r: {
  title: string;
  type: RewardType;
  pointsCost: number;
  config: Record<string, unknown>;
  minimumSubtotal: string | null;
  collectionIds: string[];
  codeValidityDays: number;
  limit: { count: number; period: LimitPeriod } | null;
  minimumTierId: string | null;
  active: boolean;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
}): RewardForm {
  const c = r.config;
  const text = (v: unknown, fallback: string) => (v === undefined || v === null ? fallback : String(v));
  const base = emptyRewardForm();
  return {
    ...base,
    title: r.title,
    type: r.type,
    pointsCost: String(r.pointsCost),
    amount: text(c.amount, base.amount),
    pointsPerStep: text(c.pointsPerStep, base.pointsPerStep),
    amountPerStep: text(c.amountPerStep, base.amountPerStep),
    minPoints: text(c.minPoints, base.minPoints),
    maxPoints: text(c.maxPoints, base.maxPoints),
    percentage: text(c.percentage, base.percentage),
    maxShippingPrice: text(c.maxShippingPrice, ""),
    variantId: text(c.variantId, ""),
    productTitle: text(c.productTitle, ""),
    minimumSubtotal: r.minimumSubtotal ?? "",
    collectionIds: r.collectionIds.join(", "),
    codeValidityDays: String(r.codeValidityDays),
    limitCount: r.limit ? String(r.limit.count) : "",
    limitPeriod: r.limit?.period ?? base.limitPeriod,
    minimumTierId: r.minimumTierId ?? "",
    active: r.active,
    ...r.combinesWith,
  };
}
