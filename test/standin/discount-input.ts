// discountCodeBasicCreate / discountCodeFreeShippingCreate input → a discount record, with the
// userErrors Shopify answers for invalid input.
import { idFromGid, nextId } from "./ids";
import { parseDecimalMinor } from "./money";
import type { DiscountRecord, ShopRecord } from "./state";

type Json = Record<string, unknown>;
export type UserError = { field: string[] | null; message: string; code: string | null };

export function buildDiscount(shop: ShopRecord, kind: DiscountRecord["kind"], input: Json, root: string, now: Date): { record?: DiscountRecord; userErrors: UserError[] } {
  const errors: UserError[] = [];
  const err = (field: string, message: string, code: string) => errors.push({ field: [root, field], message, code });
  const code = typeof input.code === "string" ? input.code.trim() : "";
  if (!code) err("code", "Code can't be blank", "BLANK");
  else if ([...shop.discounts.values()].some((d) => d.code.toUpperCase() === code.toUpperCase())) {
    err("code", "Code must be unique. Please try a different code.", "TAKEN");
  }
  if (typeof input.title !== "string" || !input.title.trim()) err("title", "Title can't be blank", "BLANK");
  const startsAt = typeof input.startsAt === "string" ? new Date(input.startsAt) : null;
  if (!startsAt || Number.isNaN(startsAt.getTime())) err("startsAt", "Starts at can't be blank", "BLANK");
  const endsAt = typeof input.endsAt === "string" ? new Date(input.endsAt) : null;
  if (startsAt && endsAt && endsAt <= startsAt) err("endsAt", "Ends at needs to be after starts_at", "INVALID");
  const usageLimit = typeof input.usageLimit === "number" ? input.usageLimit : null;
  if (usageLimit !== null && usageLimit < 1) err("usageLimit", "Usage limit must be greater than 0", "GREATER_THAN");

  let customerIds: bigint[] | null = null;
  const context = input.context as Json | undefined;
  const selection = input.customerSelection as Json | undefined;
  const adds = ((context?.customers as Json | undefined)?.add ?? (selection?.customers as Json | undefined)?.add) as unknown[] | undefined;
  if (adds) {
    customerIds = [];
    for (const g of adds) {
      const id = typeof g === "string" ? idFromGid(g, "Customer") : null;
      if (id === null || !shop.customers.has(id)) err("context", `Customer ${String(g)} does not exist`, "INVALID");
      else customerIds.push(id);
    }
  }

  let segmentIds: bigint[] | null = null;
  const segmentAdds = ((context?.customerSegments as Json | undefined)?.add ?? (selection?.customerSegments as Json | undefined)?.add) as unknown[] | undefined;
  if (segmentAdds) {
    segmentIds = [];
    for (const g of segmentAdds) {
      const id = typeof g === "string" ? idFromGid(g, "Segment") : null;
      if (id === null || !shop.segments.has(id)) err("context", `Segment ${String(g)} does not exist`, "INVALID");
      else segmentIds.push(id);
    }
  }

  let value: DiscountRecord["value"] = null;
  let items: DiscountRecord["items"] = { all: true };
  if (kind === "basic") {
    const gets = input.customerGets as Json | undefined;
    const v = gets?.value as Json | undefined;
    if (!v) err("customerGets", "Customer gets value can't be blank", "BLANK");
    else if (v.percentage !== undefined) {
      const pct = Number(v.percentage);
      if (!(pct > 0 && pct <= 1)) err("customerGets", "Value must be between 0.0 and 1.0", "VALUE_OUTSIDE_RANGE");
      else value = { type: "percentage", percentage: pct };
    } else if (v.discountAmount) {
      const amount = v.discountAmount as Json;
      const minor = parseDecimalMinor(amount.amount, shop.currency);
      if (minor === null || minor <= 0n) err("customerGets", "Value must be greater than 0", "GREATER_THAN");
      else value = { type: "amount", amountMinor: minor, appliesOnEachItem: amount.appliesOnEachItem === true };
    } else err("customerGets", "Only percentage and amount values are emulated", "INVALID");
    const it = gets?.items as Json | undefined;
    if (it?.collections) {
      const ids = (((it.collections as Json).add as string[]) ?? []).map((g) => idFromGid(g, "Collection"));
      if (ids.some((id) => id === null || !shop.collections.some((c) => c.id === id))) err("customerGets", "Collection does not exist", "INVALID");
      items = { collectionIds: ids.filter((x): x is bigint => x !== null) };
    } else if (it?.products) {
      const p = it.products as Json;
      const variantIds = ((p.productVariantsToAdd as string[]) ?? []).map((g) => idFromGid(g, "ProductVariant"));
      const productIds = ((p.productsToAdd as string[]) ?? []).map((g) => idFromGid(g, "Product"));
      const known = (id: bigint | null, variant: boolean) =>
        id !== null && shop.products.some((pr) => (variant ? pr.variants.some((v) => v.id === id) : pr.id === id));
      if (variantIds.some((id) => !known(id, true)) || productIds.some((id) => !known(id, false))) err("customerGets", "Product does not exist", "INVALID");
      items = { variantIds: variantIds.filter((x): x is bigint => x !== null), productIds: productIds.filter((x): x is bigint => x !== null) };
    }
  }
  const min = ((input.minimumRequirement as Json | undefined)?.subtotal as Json | undefined)?.greaterThanOrEqualToSubtotal;
  const minimumSubtotalMinor = min !== undefined ? parseDecimalMinor(min, shop.currency) : null;
  const maximumShippingMinor = input.maximumShippingPrice !== undefined ? parseDecimalMinor(input.maximumShippingPrice, shop.currency) : null;
  const combines = (input.combinesWith as Json | undefined) ?? {};
  if (errors.length) return { userErrors: errors };
  return {
    userErrors: [],
    record: {
      id: nextId("DiscountCodeNode"),
      kind,
      title: String(input.title),
      code,
      startsAt: startsAt!,
      endsAt,
      usageLimit,
      appliesOncePerCustomer: input.appliesOncePerCustomer === true,
      customerIds,
      segmentIds,
      value,
      items,
      minimumSubtotalMinor,
      maximumShippingMinor,
      combinesWith: {
        orderDiscounts: combines.orderDiscounts === true,
        productDiscounts: combines.productDiscounts === true,
        shippingDiscounts: combines.shippingDiscounts === true,
      },
      usageCount: 0,
      usedByCustomers: new Set(),
      createdAt: now,
      updatedAt: now,
    },
  };
}

