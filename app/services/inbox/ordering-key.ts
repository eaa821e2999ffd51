// Deliveries that touch the same member are applied one at a time, in arrival order. The key is
// the customer when the payload names one, else the order, else the shop.
type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined =>
  typeof v === "string" && v ? v : typeof v === "number" || typeof v === "bigint" ? String(v) : undefined;

export function orderingKeyFor(topic: string, payload: unknown): string {
  const p = (payload && typeof payload === "object" ? payload : {}) as Json;
  const customer = (p.customer && typeof p.customer === "object" ? p.customer : undefined) as Json | undefined;
  if (topic.startsWith("orders/")) {
    const customerId = str(customer?.id);
    if (customerId) return `customer:${customerId}`;
    return `order:${str(p.id) ?? "unknown"}`;
  }
  if (topic.startsWith("refunds/")) return `order:${str(p.order_id) ?? "unknown"}`;
  if (topic.startsWith("customers/")) {
    const id = topic === "customers/create" || topic === "customers/update" ? str(p.id) : str(customer?.id);
    if (id) return `customer:${id}`;
  }
  return "shop";
}
