// The shapes the stand-in's records take in the Admin schema (resolver objects for graphql-js).
import { createHash } from "node:crypto";
import { gid } from "./ids";
import { decimal } from "./money";
import { type CustomerRecord, type DiscountRecord, type Metafield, type OrderRecord, orderTotal, orderSubtotal, type ShopRecord, type StandinState } from "./state";

type Json = { first?: number; last?: number; after?: string };

export const money = (minor: bigint, currency: string) => ({ amount: decimal(minor, currency), currencyCode: currency });
// No FX in the stand-in: presentment amounts equal shop amounts, in the presentment currency's code.
const moneyBag = (minor: bigint, currency: string, presentment = currency) => ({ shopMoney: money(minor, currency), presentmentMoney: { ...money(minor, currency), currencyCode: presentment } });

export function connection<T>(items: T[], args: { first?: number; last?: number; after?: string }, node: (item: T) => unknown) {
  const start = args.after ? Number(Buffer.from(args.after, "base64").toString("utf8")) + 1 : 0;
  const size = args.first ?? args.last ?? 50;
  const page = items.slice(start, start + size);
  const cursor = (i: number) => Buffer.from(String(start + i)).toString("base64");
  return {
    nodes: page.map(node),
    edges: page.map((item, i) => ({ node: node(item), cursor: cursor(i) })),
    pageInfo: {
      hasNextPage: start + size < items.length,
      hasPreviousPage: start > 0,
      startCursor: page.length ? cursor(0) : null,
      endCursor: page.length ? cursor(page.length - 1) : null,
    },
  };
}

/** An opaque digest of a metafield's value, for metafieldsSet's compare-and-set. */
export const metafieldDigest = (m: { type: string; value: string }) => createHash("sha256").update(`${m.type}\n${m.value}`).digest("hex");

export function metafieldNode(m: Metafield, ownerId: string) {
  const ownerType = ownerId.startsWith("gid://shopify/Shop/") ? "SHOP" : "CUSTOMER";
  return {
    __typename: "Metafield",
    id: gid("Metafield", m.id),
    namespace: m.namespace,
    key: m.key,
    type: m.type,
    value: m.value,
    jsonValue: m.type === "json" || m.type.startsWith("list.") ? JSON.parse(m.value) : m.value,
    updatedAt: m.updatedAt.toISOString(),
    createdAt: m.updatedAt.toISOString(),
    ownerType,
    owner: { __typename: ownerType === "SHOP" ? "Shop" : "Customer", id: ownerId },
    compareDigest: metafieldDigest(m),
  };
}

/** `metafield(namespace, key)` and `metafields(first, namespace)` of any owner. */
export function metafieldFields(metafields: Map<string, Metafield>, ownerId: string, appNamespace: (ns: string) => string) {
  return {
    metafield: ({ namespace, key }: { namespace?: string; key: string }) => {
      // Without a namespace, Shopify reads `key` as "namespace.key" (or the app's own namespace).
      const full = namespace ? `${appNamespace(namespace)}.${key}` : key.includes(".") ? key : `${appNamespace("$app")}.${key}`;
      const m = metafields.get(full);
      return m ? metafieldNode(m, ownerId) : null;
    },
    metafields: (args: { first?: number; namespace?: string }) =>
      connection(
        [...metafields.values()].filter((m) => !args.namespace || m.namespace === appNamespace(args.namespace)),
        args,
        (m) => metafieldNode(m, ownerId),
      ),
  };
}

export function customerNode(state: StandinState, shop: ShopRecord, c: CustomerRecord, appNamespace: (ns: string) => string) {
  const stats = state.customerStats(shop, c.id);
  const id = gid("Customer", c.id);
  return {
    __typename: "Customer",
    id,
    legacyResourceId: c.id.toString(),
    email: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
    displayName: [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || "",
    tags: c.tags,
    numberOfOrders: String(stats.numberOfOrders),
    amountSpent: money(stats.amountSpentMinor, shop.currency),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    note: c.note,
    state: "ENABLED",
    emailMarketingConsent: { marketingState: c.emailMarketingState, marketingOptInLevel: "SINGLE_OPT_IN", consentUpdatedAt: null },
    ...metafieldFields(c.metafields, id, appNamespace),
    storeCreditAccounts: (args: { first?: number }) =>
      connection([...c.storeCredit.entries()], args, ([currency, minor]) => ({
        __typename: "StoreCreditAccount",
        id: gid("StoreCreditAccount", c.storeCreditAccountId),
        balance: money(minor, currency),
        owner: { __typename: "Customer", id },
        transactions: (a: { first?: number; reverse?: boolean }) =>
          connection(
            // Oldest first (CREATED_AT, the only order the stand-in keeps); reverse: newest first.
            (a.reverse ? (list: typeof c.creditTransactions) => list.toReversed() : (list: typeof c.creditTransactions) => list)(c.creditTransactions.filter((t) => t.currency === currency)),
            a,
            (t) => ({
              __typename: t.amountMinor < 0n ? "StoreCreditAccountDebitTransaction" : "StoreCreditAccountCreditTransaction",
              id: gid(t.amountMinor < 0n ? "StoreCreditAccountDebitTransaction" : "StoreCreditAccountCreditTransaction", t.id),
              event: "ADJUSTMENT",
              amount: money(t.amountMinor, currency),
              balanceAfterTransaction: money(t.balanceAfterMinor, currency),
              createdAt: t.createdAt.toISOString(),
              expiresAt: t.expiresAt?.toISOString() ?? null,
            }),
          ),
      })),
  };
}

function financialStatus(o: OrderRecord) {
  return { pending: "PENDING", paid: "PAID", partially_refunded: "PARTIALLY_REFUNDED", refunded: "REFUNDED", voided: "VOIDED" }[o.financialStatus];
}

export function orderNode(state: StandinState, shop: ShopRecord, o: OrderRecord, appNamespace: (ns: string) => string) {
  const cur = o.currency;
  const customer = o.customerId !== null ? shop.customers.get(o.customerId) : undefined;
  return {
    __typename: "Order",
    id: gid("Order", o.id),
    legacyResourceId: o.id.toString(),
    name: o.name,
    email: o.email,
    test: o.test,
    sourceName: o.sourceName,
    createdAt: o.createdAt.toISOString(),
    processedAt: o.processedAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    cancelledAt: o.cancelledAt?.toISOString() ?? null,
    displayFinancialStatus: financialStatus(o),
    displayFulfillmentStatus: o.fulfillmentStatus === "fulfilled" ? "FULFILLED" : "UNFULFILLED",
    discountCodes: o.discountCodes.map((d) => d.code),
    taxesIncluded: false,
    discountCode: o.discountCodes[0]?.code ?? null,
    currencyCode: cur,
    presentmentCurrencyCode: o.presentmentCurrency,
    customer: customer ? customerNode(state, shop, customer, appNamespace) : null,
    totalPriceSet: moneyBag(orderTotal(o), cur, o.presentmentCurrency),
    currentTotalPriceSet: moneyBag(orderTotal(o) - o.refunds.reduce((s, r) => s + r.amountMinor, 0n), cur, o.presentmentCurrency),
    subtotalPriceSet: moneyBag(orderSubtotal(o), cur, o.presentmentCurrency),
    totalShippingPriceSet: moneyBag(o.shippingPriceMinor - o.shippingDiscountMinor, cur, o.presentmentCurrency),
    totalRefundedSet: moneyBag(o.refunds.reduce((s, r) => s + r.amountMinor, 0n), cur, o.presentmentCurrency),
    shippingLines: (args: { first?: number }) =>
      connection(o.shippingPriceMinor ? [o] : [], args, () => ({
        title: "Standard",
        originalPriceSet: moneyBag(o.shippingPriceMinor, cur, o.presentmentCurrency),
        discountedPriceSet: moneyBag(o.shippingPriceMinor - o.shippingDiscountMinor, cur, o.presentmentCurrency),
        taxLines: [],
      })),
    lineItems: (args: { first?: number }) =>
      connection(o.lines, args, (l) => {
        const product = shop.products.find((p) => p.id === l.productId);
        return {
          id: gid("LineItem", l.id),
          name: l.title,
          title: l.title,
          quantity: l.quantity,
          isGiftCard: l.giftCard,
          product: product ? { id: gid("Product", product.id), title: product.title, tags: product.tags } : null,
          variant: l.variantId !== null ? { id: gid("ProductVariant", l.variantId) } : null,
          originalUnitPriceSet: moneyBag(l.priceMinor, cur, o.presentmentCurrency),
          originalTotalSet: moneyBag(l.priceMinor * BigInt(l.quantity), cur, o.presentmentCurrency),
          discountAllocations: l.discountMinor ? [{ allocatedAmountSet: moneyBag(l.discountMinor, cur, o.presentmentCurrency) }] : [],
          taxLines: l.taxMinor ? [{ priceSet: moneyBag(l.taxMinor, cur, o.presentmentCurrency), title: "Tax", rate: 0.1 }] : [],
        };
      }),
    refunds: (args: { first?: number }) =>
      o.refunds.slice(0, args.first ?? 50).map((r) => ({
        id: gid("Refund", r.id),
        legacyResourceId: r.id.toString(),
        createdAt: r.createdAt.toISOString(),
        note: r.note,
        totalRefundedSet: moneyBag(r.amountMinor, cur, o.presentmentCurrency),
        refundLineItems: (a: { first?: number }) =>
          connection(r.lines, a, (rl) => ({
            quantity: rl.quantity,
            lineItem: { id: gid("LineItem", rl.lineItemId) },
            subtotalSet: moneyBag(rl.subtotalMinor, cur, o.presentmentCurrency),
            totalTaxSet: moneyBag(rl.taxMinor, cur, o.presentmentCurrency),
          })),
        refundShippingLines: (a: { first?: number }) =>
          connection(r.shippingMinor ? [r] : [], a, () => ({ subtotalAmountSet: moneyBag(r.shippingMinor, cur, o.presentmentCurrency), taxAmountSet: moneyBag(0n, cur, o.presentmentCurrency) })),
      })),
  };
}

export function variantNode(shop: ShopRecord, p: ShopRecord["products"][number], v: ShopRecord["products"][number]["variants"][number]) {
  return {
    __typename: "ProductVariant",
    id: gid("ProductVariant", v.id),
    title: v.title,
    price: decimal(v.priceMinor, shop.currency),
    product: { __typename: "Product", id: gid("Product", p.id), title: p.title, handle: p.handle },
  };
}

/** What a discount applies to, as DiscountItems (AllDiscountItems, DiscountCollections, DiscountProducts). */
function discountItems(d: DiscountRecord, shop: ShopRecord) {
  const items = d.items;
  if ("all" in items) return { __typename: "AllDiscountItems", allItems: true };
  if ("collectionIds" in items) {
    const collections = shop.collections.filter((c) => items.collectionIds.includes(c.id));
    return { __typename: "DiscountCollections", collections: (a: Json) => connection(collections, a, (c) => ({ __typename: "Collection", id: gid("Collection", c.id), title: c.title, handle: c.handle })) };
  }
  const products = shop.products.filter((p) => items.productIds.includes(p.id));
  const variants = shop.products.flatMap((p) => p.variants.filter((v) => items.variantIds.includes(v.id)).map((v) => variantNode(shop, p, v)));
  return {
    __typename: "DiscountProducts",
    products: (a: Json) => connection(products, a, (p) => ({ __typename: "Product", id: gid("Product", p.id), title: p.title, handle: p.handle })),
    productVariants: (a: Json) => connection(variants, a, (v) => v),
  };
}

/** Orders that used the code since the discount was made (Shopify's asyncUsageCount). */
function usageCount(d: DiscountRecord, shop: ShopRecord): number {
  let count = 0;
  for (const o of shop.orders.values()) {
    if (o.createdAt >= d.createdAt && o.discountCodes.some((c) => c.code.toUpperCase() === d.code.toUpperCase())) count++;
  }
  return count;
}

export function discountNode(d: DiscountRecord, shop: ShopRecord, now: Date) {
  const currency = shop.currency;
  const status = d.endsAt && d.endsAt <= now ? "EXPIRED" : d.startsAt > now ? "SCHEDULED" : "ACTIVE";
  const value = d.value
    ? d.value.type === "amount"
      ? { __typename: "DiscountAmount", amount: money(d.value.amountMinor, currency), appliesOnEachItem: d.value.appliesOnEachItem }
      : { __typename: "DiscountPercentage", percentage: d.value.percentage }
    : null;
  const common = {
    title: d.title,
    status,
    startsAt: d.startsAt.toISOString(),
    endsAt: d.endsAt?.toISOString() ?? null,
    usageLimit: d.usageLimit,
    asyncUsageCount: usageCount(d, shop),
    appliesOncePerCustomer: d.appliesOncePerCustomer,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    combinesWith: d.combinesWith,
    codes: (args: { first?: number }) => connection([d.code], args, (code) => ({ code, id: gid("DiscountRedeemCode", d.id) })),
    codesCount: { count: 1, precision: "EXACT" },
    minimumRequirement: d.minimumSubtotalMinor !== null ? { __typename: "DiscountMinimumSubtotal", greaterThanOrEqualToSubtotal: money(d.minimumSubtotalMinor, currency) } : null,
    context:
      d.segmentIds !== null
        ? { __typename: "DiscountCustomerSegments", segments: d.segmentIds.map((s) => ({ id: gid("Segment", s) })) }
        : d.customerIds === null
          ? { __typename: "DiscountBuyerSelectionAll", all: "ALL" }
          : { __typename: "DiscountCustomers", customers: d.customerIds.map((c) => ({ id: gid("Customer", c) })) },
  };
  return {
    __typename: "DiscountCodeNode",
    id: gid("DiscountCodeNode", d.id),
    codeDiscount:
      d.kind === "free_shipping"
        ? { __typename: "DiscountCodeFreeShipping", ...common, maximumShippingPrice: d.maximumShippingMinor !== null ? money(d.maximumShippingMinor, currency) : null }
        : { __typename: "DiscountCodeBasic", ...common, customerGets: { value, items: discountItems(d, shop), appliesOnOneTimePurchase: true, appliesOnSubscription: false } },
  };
}

