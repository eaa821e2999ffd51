// Shopify's search syntax for `query:` arguments, the part the app and the tests use.
import type { CustomerRecord, OrderRecord, ShopRecord } from "./state";

export function matchesQuery(o: OrderRecord, query: string | undefined): boolean {
  if (!query) return true;
  for (const m of query.matchAll(/updated_at:(>=|<=|>|<)?'?([^' ]+)'?/g)) {
    const op = m[1] ?? "=";
    const at = new Date(m[2]!).getTime();
    const t = o.updatedAt.getTime();
    if ((op === ">=" && !(t >= at)) || (op === ">" && !(t > at)) || (op === "<=" && !(t <= at)) || (op === "<" && !(t < at))) return false;
  }
  return true;
}

/** Shopify search syntax, the part the app uses: `field:value` terms (AND) and free text. */
function searchTerms(query: string): Array<{ field: string | null; value: string }> {
  return [...query.matchAll(/(?:(\w+):)?("[^"]*"|'[^']*'|\S+)/g)]
    .filter((m) => !/^(AND|OR)$/.test(m[2]!))
    .map((m) => ({ field: m[1]?.toLowerCase() ?? null, value: m[2]!.replace(/^["']|["']$/g, "").toLowerCase() }));
}

export function customerMatches(c: CustomerRecord, query: string | undefined): boolean {
  if (!query) return true;
  return searchTerms(query).every(({ field, value }) => {
    if (field === "email") return (c.email ?? "").toLowerCase() === value;
    if (field === "tag") return c.tags.some((t) => t.toLowerCase() === value);
    if (field === "id") return c.id.toString() === value;
    if (field === "first_name") return (c.firstName ?? "").toLowerCase() === value;
    if (field === "last_name") return (c.lastName ?? "").toLowerCase() === value;
    const text = [c.email, c.firstName, c.lastName, ...c.tags].map((v) => (v ?? "").toLowerCase());
    return text.some((v) => v.includes(value.replace(/\*$/, "")));
  });
}

export function productMatches(p: ShopRecord["products"][number], query: string | undefined): boolean {
  if (!query) return true;
  return searchTerms(query).every(({ field, value }) => {
    if (field === "tag") return p.tags.some((t) => t.toLowerCase() === value);
    if (field === "id") return p.id.toString() === value;
    if (field === "gift_card") return String(p.giftCard) === value;
    if (field === "title" || field === null) return p.title.toLowerCase().includes(value.replace(/\*$/, ""));
    return true;
  });
}

