// The stand-in's in-memory Shopify: shops with customers, products, orders, refunds, discount
// codes, store credit and metafields. Amounts are integer minor units of the shop currency.
import { randomBytes } from "node:crypto";
import { idCounters, nextId, restoreIdCounters } from "./ids";
import type { SegmentRecord } from "./segments";

export type Metafield = { id: bigint; namespace: string; key: string; type: string; value: string; updatedAt: Date };

export type CustomerRecord = {
  id: bigint;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  tags: string[];
  metafields: Map<string, Metafield>;
  storeCredit: Map<string, bigint>;
  storeCreditAccountId: bigint;
  /** Credits are positive, debits negative. */
  creditTransactions: Array<{ id: bigint; amountMinor: bigint; balanceAfterMinor: bigint; currency: string; expiresAt: Date | null; createdAt: Date }>;
  note: string | null;
  emailMarketingState: "SUBSCRIBED" | "NOT_SUBSCRIBED" | "UNSUBSCRIBED";
  createdAt: Date;
  updatedAt: Date;
};

export type VariantRecord = { id: bigint; title: string; priceMinor: bigint };
export type ProductRecord = {
  id: bigint;
  title: string;
  handle: string;
  tags: string[];
  collectionIds: bigint[];
  giftCard: boolean;
  variants: VariantRecord[];
  /** Made up by placeOrder for a test's line; not listed on the storefront. */
  adHoc?: boolean;
};
export type CollectionRecord = { id: bigint; title: string; handle: string };

export type OrderLine = {
  id: bigint;
  productId: bigint | null;
  variantId: bigint | null;
  title: string;
  quantity: number;
  priceMinor: bigint;
  discountMinor: bigint;
  taxMinor: bigint;
  giftCard: boolean;
};

export type RefundRecord = {
  id: bigint;
  orderId: bigint;
  createdAt: Date;
  note: string | null;
  lines: Array<{ id: bigint; lineItemId: bigint; quantity: number; subtotalMinor: bigint; taxMinor: bigint }>;
  shippingMinor: bigint;
  amountMinor: bigint;
};

export type OrderRecord = {
  id: bigint;
  number: number;
  name: string;
  customerId: bigint | null;
  email: string | null;
  currency: string;
  presentmentCurrency: string;
  lines: OrderLine[];
  shippingPriceMinor: bigint;
  shippingDiscountMinor: bigint;
  shippingTaxMinor: bigint;
  discountCodes: Array<{ code: string; amountMinor: bigint; type: "fixed_amount" | "percentage" | "shipping" }>;
  sourceName: string;
  test: boolean;
  createdAt: Date;
  processedAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  cancelReason: string | null;
  /** pending: placed, not paid yet (cash on delivery, bank transfer, manual capture). */
  financialStatus: "pending" | "paid" | "partially_refunded" | "refunded" | "voided";
  fulfillmentStatus: "fulfilled" | null;
  refunds: RefundRecord[];
};

export type DiscountValue =
  | { type: "amount"; amountMinor: bigint; appliesOnEachItem: boolean }
  | { type: "percentage"; percentage: number };

export type DiscountRecord = {
  id: bigint;
  kind: "basic" | "free_shipping";
  title: string;
  code: string;
  startsAt: Date;
  endsAt: Date | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  /** null: everyone. */
  customerIds: bigint[] | null;
  /** Customer segments whose members may use it (context.customerSegments); null: not by segment. */
  segmentIds: bigint[] | null;
  value: DiscountValue | null;
  items: { all: true } | { collectionIds: bigint[] } | { productIds: bigint[]; variantIds: bigint[] };
  minimumSubtotalMinor: bigint | null;
  maximumShippingMinor: bigint | null;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  usageCount: number;
  usedByCustomers: Set<bigint>;
  createdAt: Date;
  updatedAt: Date;
};

export type Bucket = { maximumAvailable: number; restoreRate: number; available: number; updatedAt: number };

export type ShopRecord = {
  id: bigint;
  domain: string;
  name: string;
  email: string;
  currency: string;
  timezone: string;
  plan: "basic" | "advanced" | "plus";
  accessTokens: Set<string>;
  scopes: string;
  customers: Map<bigint, CustomerRecord>;
  products: ProductRecord[];
  collections: CollectionRecord[];
  orders: Map<bigint, OrderRecord>;
  discounts: Map<bigint, DiscountRecord>;
  segments: Map<bigint, SegmentRecord>;
  metafields: Map<string, Metafield>;
  /** App-data metafields of the app's installation (Liquid: app.metafields.<namespace>.<key>). */
  appMetafields: Map<string, Metafield>;
  bucket: Bucket;
  orderNumber: number;
};

export class StandinState {
  readonly shops = new Map<string, ShopRecord>();

  constructor(readonly now: () => Date = () => new Date()) {}

  shop(domain: string): ShopRecord {
    const shop = this.shops.get(domain);
    if (!shop) throw new Error(`stand-in: no shop ${domain}`);
    return shop;
  }

  shopByToken(token: string): ShopRecord | undefined {
    for (const shop of this.shops.values()) if (shop.accessTokens.has(token)) return shop;
    return undefined;
  }

  createShop(input: { domain?: string; name?: string; currency?: string; plan?: ShopRecord["plan"]; timezone?: string } = {}): ShopRecord {
    const name = input.name ?? "Demo Bath Co";
    const domain = input.domain ?? `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}-${randomBytes(3).toString("hex")}.myshopify.com`;
    const restoreRate = { basic: 100, advanced: 200, plus: 1000 }[input.plan ?? "basic"];
    const shop: ShopRecord = {
      id: nextId("Shop"),
      domain,
      name,
      email: `owner@${domain}`,
      currency: input.currency ?? "USD",
      timezone: input.timezone ?? "America/New_York",
      plan: input.plan ?? "basic",
      accessTokens: new Set(),
      scopes: "",
      customers: new Map(),
      products: [],
      collections: [],
      orders: new Map(),
      discounts: new Map(),
      segments: new Map(),
      metafields: new Map(),
      appMetafields: new Map(),
      bucket: { maximumAvailable: 1000, restoreRate, available: 1000, updatedAt: this.now().getTime() },
      orderNumber: 1000,
    };
    seedCatalog(shop);
    this.shops.set(domain, shop);
    return shop;
  }

  issueAccessToken(shop: ShopRecord, scopes: string): string {
    const token = `shpat_${randomBytes(16).toString("hex")}`;
    shop.accessTokens.add(token);
    shop.scopes = scopes;
    return token;
  }

  addCustomer(shop: ShopRecord, input: { email?: string | null; firstName?: string | null; lastName?: string | null; tags?: string[]; id?: string | bigint }): CustomerRecord {
    const now = this.now();
    const id = input.id !== undefined ? BigInt(input.id) : nextId("Customer");
    if (shop.customers.has(id)) throw new Error(`stand-in: customer ${id} already exists`);
    const customer: CustomerRecord = {
      id,
      email: input.email ?? null,
      firstName: input.firstName ?? null,
      lastName: input.lastName ?? null,
      tags: input.tags ?? [],
      metafields: new Map(),
      storeCredit: new Map(),
      storeCreditAccountId: nextId("StoreCreditAccount"),
      creditTransactions: [],
      note: null,
      emailMarketingState: "NOT_SUBSCRIBED",
      createdAt: now,
      updatedAt: now,
    };
    shop.customers.set(customer.id, customer);
    return customer;
  }

  addAdHocProduct(shop: ShopRecord, line: { title?: string; priceMinor?: bigint; giftCard?: boolean; collectionIds?: string[]; productTags?: string[] }): ProductRecord {
    const collectionIds = (line.collectionIds ?? []).map((c) => {
      const id = BigInt(c.replace(/^gid:\/\/shopify\/Collection\//, ""));
      if (!shop.collections.some((x) => x.id === id)) shop.collections.push({ id, title: `Collection ${id}`, handle: `collection-${id}` });
      return id;
    });
    const title = line.title ?? "Custom item";
    const product: ProductRecord = {
      id: nextId("Product"),
      title,
      handle: title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      tags: line.productTags ?? [],
      collectionIds,
      giftCard: line.giftCard ?? false,
      variants: [{ id: nextId("ProductVariant"), title: "Default Title", priceMinor: line.priceMinor ?? 1000n }],
      adHoc: true,
    };
    shop.products.push(product);
    return product;
  }

  customerStats(shop: ShopRecord, customerId: bigint) {
    const orders = [...shop.orders.values()].filter((o) => o.customerId === customerId && !o.cancelledAt);
    const spent = orders.reduce((s, o) => s + orderTotal(o) - o.refunds.reduce((r, f) => r + f.amountMinor, 0n), 0n);
    return { numberOfOrders: orders.length, amountSpentMinor: spent };
  }
}

// Persistence (the demo keeps its Shopify between runs, as Shopify keeps a shop's data): the
// shops as JSON, with Maps, Sets, bigints and Dates tagged so that they read back as themselves,
// and the id counters, so that records made later never reuse a saved id.
type Tagged = { $date: string } | { $bigint: string } | { $map: unknown[] } | { $set: unknown[] };

export function stateToJson(state: StandinState): string {
  return JSON.stringify({ version: 1, ids: idCounters(), shops: [...state.shops.values()] }, function (this: Record<string, unknown>, key, value: unknown): unknown {
    const raw = this[key];
    if (raw instanceof Date) return { $date: raw.toISOString() } satisfies Tagged;
    if (typeof value === "bigint") return { $bigint: value.toString() } satisfies Tagged;
    if (raw instanceof Map) return { $map: [...raw.entries()] } satisfies Tagged;
    if (raw instanceof Set) return { $set: [...raw] } satisfies Tagged;
    return value;
  });
}

/** Replaces the state's shops with those of `stateToJson`'s text. */
export function loadStateJson(state: StandinState, text: string): void {
  const saved = JSON.parse(text, (_key, value: unknown) => {
    if (!value || typeof value !== "object" || Array.isArray(value) || Object.keys(value).length !== 1) return value;
    const v = value as Partial<Record<"$date" | "$bigint", string>> & Partial<Record<"$map" | "$set", unknown[]>>;
    if (v.$date !== undefined) return new Date(v.$date);
    if (v.$bigint !== undefined) return BigInt(v.$bigint);
    if (v.$map !== undefined) return new Map(v.$map as Array<[unknown, unknown]>);
    if (v.$set !== undefined) return new Set(v.$set);
    return value;
  }) as { version: number; ids: Record<string, string>; shops: ShopRecord[] };
  if (saved.version !== 1) throw new Error(`stand-in: state file version ${saved.version} is not supported`);
  restoreIdCounters(saved.ids);
  state.shops.clear();
  for (const shop of saved.shops) state.shops.set(shop.domain, shop);
}

export function orderSubtotal(o: OrderRecord): bigint {
  return o.lines.reduce((s, l) => s + l.priceMinor * BigInt(l.quantity) - l.discountMinor, 0n);
}

export function orderTotal(o: OrderRecord): bigint {
  const tax = o.lines.reduce((s, l) => s + l.taxMinor, 0n) + o.shippingTaxMinor;
  return orderSubtotal(o) + o.shippingPriceMinor - o.shippingDiscountMinor + tax;
}

const CATALOG: Array<{ title: string; prices: number[]; tags: string[]; collection: number | null; giftCard?: boolean }> = [
  { title: "Lavender Bath Bomb", prices: [800], tags: ["bath"], collection: 0 },
  { title: "Eucalyptus Shower Steamer", prices: [1200], tags: ["shower"], collection: 0 },
  { title: "Oat Milk Soap", prices: [950, 1800], tags: ["soap"], collection: 0 },
  { title: "Rose Body Oil", prices: [2400], tags: ["oil", "bestseller"], collection: 1 },
  { title: "Cedar Candle", prices: [3200], tags: ["candle"], collection: 1 },
  { title: "Bamboo Bath Tray", prices: [4500], tags: ["accessory"], collection: 1 },
  { title: "Sea Salt Scrub", prices: [1600], tags: ["scrub"], collection: 0 },
  { title: "Gift Card", prices: [2500, 5000], tags: ["gift"], collection: null, giftCard: true },
];

function seedCatalog(shop: ShopRecord) {
  shop.collections = [
    { id: nextId("Collection"), title: "Bath & Body", handle: "bath-body" },
    { id: nextId("Collection"), title: "Home & Gifts", handle: "home-gifts" },
  ];
  // Prices are in the shop currency's minor units as if USD; other currencies scale them.
  const scale = (minor: number) => {
    if (shop.currency === "JPY") return BigInt(minor);
    if (shop.currency === "KWD") return BigInt(minor * 3);
    return BigInt(minor);
  };
  shop.products = CATALOG.map((p) => ({
    id: nextId("Product"),
    title: p.title,
    handle: p.title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
    tags: p.tags,
    collectionIds: p.collection === null ? [] : [shop.collections[p.collection]!.id],
    giftCard: p.giftCard ?? false,
    variants: p.prices.map((price, i) => ({ id: nextId("ProductVariant"), title: p.prices.length > 1 ? `Size ${i + 1}` : "Default Title", priceMinor: scale(price) })),
  }));
}
