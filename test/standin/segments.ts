// Customer segments (segmentCreate, segments, segment) and the part of ShopifyQL's segment query
// language the app uses: `number_of_orders <op> <n>` terms joined by AND. A query the stand-in
// cannot evaluate is refused like an invalid one, so nothing passes on made-up membership.
import { nextId } from "./ids";
import type { ShopRecord } from "./state";

export type SegmentRecord = { id: bigint; name: string; query: string; createdAt: Date; updatedAt: Date };

type Term = { op: "=" | "!=" | ">" | ">=" | "<" | "<="; value: number };

export function parseSegmentQuery(query: string): Term[] | null {
  const parts = query.trim().split(/\s+AND\s+/i);
  const terms: Term[] = [];
  for (const part of parts) {
    const m = /^number_of_orders\s*(=|!=|>=|<=|>|<)\s*(\d+)$/.exec(part.trim());
    if (!m) return null;
    terms.push({ op: m[1] as Term["op"], value: Number(m[2]) });
  }
  return terms;
}

/** Orders the customer has placed and not cancelled, as segment membership counts them. */
const numberOfOrders = (shop: ShopRecord, customerId: bigint) => [...shop.orders.values()].filter((o) => o.customerId === customerId && !o.cancelledAt).length;

export function customerInSegment(shop: ShopRecord, segmentId: bigint, customerId: bigint): boolean {
  const segment = shop.segments.get(segmentId);
  const terms = segment ? parseSegmentQuery(segment.query) : null;
  if (!terms || !shop.customers.has(customerId)) return false;
  const n = numberOfOrders(shop, customerId);
  return terms.every(({ op, value }) =>
    op === "=" ? n === value : op === "!=" ? n !== value : op === ">" ? n > value : op === ">=" ? n >= value : op === "<" ? n < value : n <= value,
  );
}

export function createSegment(shop: ShopRecord, name: unknown, query: unknown, now: Date) {
  const errors: Array<{ field: string[]; message: string }> = [];
  if (typeof name !== "string" || !name.trim()) errors.push({ field: ["name"], message: "Name can't be blank" });
  else if ([...shop.segments.values()].some((s) => s.name.toLowerCase() === name.trim().toLowerCase())) errors.push({ field: ["name"], message: "Name has already been taken" });
  if (typeof query !== "string" || !parseSegmentQuery(query)) errors.push({ field: ["query"], message: `Query is invalid (the stand-in evaluates number_of_orders terms only): ${String(query)}` });
  if (errors.length) return { segment: null, userErrors: errors };
  const record: SegmentRecord = { id: nextId("Segment"), name: String(name).trim(), query: String(query).trim(), createdAt: now, updatedAt: now };
  shop.segments.set(record.id, record);
  return { segment: record, userErrors: [] };
}

/** `segments(query:)`: `name:<value>` (exact, case-insensitive) or free text in the name. */
export function segmentMatches(s: SegmentRecord, query: string | undefined): boolean {
  if (!query) return true;
  const name = /^name:\s*(?:"([^"]*)"|'([^']*)'|(\S+))$/.exec(query.trim());
  if (name) return s.name.toLowerCase() === (name[1] ?? name[2] ?? name[3] ?? "").toLowerCase();
  return s.name.toLowerCase().includes(query.trim().toLowerCase());
}
