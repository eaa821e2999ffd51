// The stand-in's ids: numeric like Shopify's, deliberately above 2^53 so that any code that
// parses them as JavaScript numbers is caught, with GIDs built from them.
const bases: Record<string, bigint> = {
  Customer: 7_100_000_000_000_000_000n,
  Order: 7_200_000_000_000_000_000n,
  LineItem: 7_300_000_000_000_000_000n,
  Refund: 7_400_000_000_000_000_000n,
  Product: 7_500_000_000_000_000_000n,
  ProductVariant: 7_600_000_000_000_000_000n,
  DiscountCodeNode: 7_700_000_000_000_000_000n,
  Collection: 7_800_000_000_000_000_000n,
  StoreCreditAccount: 7_900_000_000_000_000_000n,
  Shop: 6_900_000_000_000_000_000n,
  Metafield: 6_800_000_000_000_000_000n,
  Transaction: 6_700_000_000_000_000_000n,
  RefundLineItem: 6_600_000_000_000_000_000n,
  ShippingLine: 6_500_000_000_000_000_000n,
  WebhookSubscription: 6_400_000_000_000_000_000n,
  Segment: 6_300_000_000_000_000_000n,
};
const counters = new Map<string, bigint>();

export type IdType = keyof typeof bases;

export function nextId(type: IdType): bigint {
  const n = (counters.get(type) ?? bases[type]!) + 1n + BigInt(Math.floor(Math.random() * 7));
  counters.set(type, n);
  return n;
}

/** The last id handed out per type, to be saved with a persisted state. */
export function idCounters(): Record<string, string> {
  return Object.fromEntries([...counters].map(([type, n]) => [type, n.toString()]));
}

/** Continues after saved counters, so ids made after loading a state never collide with its ids. */
export function restoreIdCounters(saved: Record<string, string>): void {
  for (const [type, value] of Object.entries(saved)) {
    const n = BigInt(value);
    if (n > (counters.get(type) ?? 0n)) counters.set(type, n);
  }
}

export const gid = (type: string, id: bigint | string) => `gid://shopify/${type}/${id}`;

export function idFromGid(value: string, type?: string): bigint | null {
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)/.exec(value);
  if (!m || (type && m[1] !== type)) return null;
  return BigInt(m[2]!);
}
