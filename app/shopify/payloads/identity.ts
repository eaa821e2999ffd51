// Shopify's HMAC covers a webhook's body only: the X-Shopify-Topic and X-Shopify-Shop-Domain
// headers that decide what is done are not signed, so a captured body could be replayed under
// another topic or shop (an orders/paid body sent as shop/redact). A body is therefore accepted
// only when it has the shape of its topic (Shopify's documented payloads: an order carries its
// Order GID, a compliance request its shop_domain and shop_id…) and every shop identifier it
// carries equals the header. Runs on the body parsed with exact ids.
import { isShopDomain } from "../shop-domain";
import { gidTail } from "./fields";

type Json = Record<string, unknown>;
type Rule = (body: Json, shopDomain: string) => string | null;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** A numeric id as parsed with exact ids: digits, or a safe positive integer. */
function numericId(v: unknown): string | null {
  if (typeof v === "string" && /^\d+$/.test(v)) return v;
  if (typeof v === "number" && Number.isSafeInteger(v) && v > 0) return String(v);
  return null;
}

/** The record's own GID must name `type`, and its numeric `id` (when sent) the same record. */
function record(type: string): Rule {
  return (body) => {
    const gid = body.admin_graphql_api_id;
    const tail = typeof gid === "string" && gid.startsWith(`gid://shopify/${type}/`) ? gidTail(gid) : null;
    if (!tail) return `admin_graphql_api_id must be a gid://shopify/${type}/… id (got ${describe(gid)})`;
    const id = numericId(body.id);
    if (!id) return `id must be a Shopify id (got ${describe(body.id)})`;
    // Compared as doubles: some of Shopify's documented examples carry the id rounded past 2^53.
    if (Number(id) !== Number(tail)) return `id ${id} and admin_graphql_api_id ${String(gid)} name different records`;
    return null;
  };
}

/** Compliance bodies name the shop themselves: it must be the header's. */
function sameShop(body: Json, shopDomain: string): string | null {
  if (typeof body.shop_domain !== "string" || !body.shop_domain) return "shop_domain is missing";
  if (body.shop_domain !== shopDomain) return `shop_domain ${describe(body.shop_domain)} is not the X-Shopify-Shop-Domain ${shopDomain}`;
  if (!numericId(body.shop_id)) return `shop_id must be a Shopify id (got ${describe(body.shop_id)})`;
  return null;
}

function customerRequest(ordersField: "orders_requested" | "orders_to_redact"): Rule {
  return (body, shopDomain) => {
    const shop = sameShop(body, shopDomain);
    if (shop) return shop;
    if (!isObject(body.customer) || !numericId(body.customer.id)) return "customer.id is missing";
    if (!Array.isArray(body[ordersField])) return `${ordersField} is missing`;
    return null;
  };
}

const rules: Record<string, Rule> = {
  "refunds/create": (body) => record("Refund")(body, "") ?? (numericId(body.order_id) ? null : "order_id is missing"),
  "customers/create": record("Customer"),
  "customers/update": record("Customer"),
  "customers/data_request": customerRequest("orders_requested"),
  "customers/redact": customerRequest("orders_to_redact"),
  "shop/redact": (body, shopDomain) => {
    const shop = sameShop(body, shopDomain);
    if (shop) return shop;
    // A customers/redact or data_request body names the same shop: it is not a shop/redact.
    for (const field of ["customer", "orders_to_redact", "orders_requested", "admin_graphql_api_id"])
      if (field in body) return `carries ${field}, which a shop/redact body does not`;
    return null;
  },
  // The shop resource. Its domains may be null (they are in Shopify's example); when present, the
  // permanent one must be the header's (`domain` is the primary domain, often a custom one).
  "app/uninstalled": (body, shopDomain) => {
    if (!("myshopify_domain" in body) || !numericId(body.id)) return "is not a shop resource (id, myshopify_domain)";
    if ("admin_graphql_api_id" in body && !String(body.admin_graphql_api_id).startsWith("gid://shopify/Shop/"))
      return `admin_graphql_api_id ${describe(body.admin_graphql_api_id)} is not a shop's`;
    const own = typeof body.myshopify_domain === "string" && body.myshopify_domain ? body.myshopify_domain : null;
    const primary = typeof body.domain === "string" && body.domain.endsWith(".myshopify.com") ? body.domain : null;
    const named = own ?? primary;
    if (named && named !== shopDomain) return `myshopify_domain ${named} is not the X-Shopify-Shop-Domain ${shopDomain}`;
    return null;
  },
};

const order = record("Order");

function ruleFor(topic: string): Rule | undefined {
  // A paid order's body replayed as orders/cancelled would take its points back.
  if (topic === "orders/cancelled")
    return (body) => order(body, "") ?? (typeof body.cancelled_at === "string" && body.cancelled_at ? null : "cancelled_at is empty: the order is not cancelled");
  // orders/paid, orders/fulfilled, orders/create…: all carry the order.
  if (topic.startsWith("orders/")) return order;
  return rules[topic];
}

/**
 * Why a verified webhook cannot be what its headers say (the reason stored with the failed
 * delivery), or null when body and headers agree.
 */
export function webhookIdentityProblem(topic: string, shopDomain: string, body: unknown): string | null {
  if (!isShopDomain(shopDomain)) return `X-Shopify-Shop-Domain ${describe(shopDomain)} is not a *.myshopify.com shop domain`;
  const rule = ruleFor(topic);
  if (!rule) return `X-Shopify-Topic ${describe(topic)} is not a topic this app subscribes to`;
  if (!isObject(body)) return `the body is not a ${topic} payload (not a JSON object)`;
  const problem = rule(body, shopDomain);
  return problem ? `the body does not match X-Shopify-Topic ${topic}: ${problem}` : null;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
