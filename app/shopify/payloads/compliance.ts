// The mandatory compliance topics (customers/data_request, customers/redact, shop/redact) and
// app/uninstalled. Their ids are small in Shopify's examples but are read exactly all the same.
import { z } from "zod";
import { list, numericId, optText, parsePayload } from "./fields";

const shopDomain = z.string({ message: "is required" }).min(1, "is required");
const customer = z.object({ id: numericId, email: optText });

export type CustomersDataRequest = { shopDomain: string; customerId: string; email: string | null; ordersRequested: string[] };
/** `ordersRequested` holds the same ids as `ordersToRedact`, for callers that treat both topics alike. */
export type CustomersRedact = CustomersDataRequest & { ordersToRedact: string[] };

const dataRequestSchema = z.object({ shop_domain: shopDomain, customer, orders_requested: list(numericId) });
const redactSchema = z.object({ shop_domain: shopDomain, customer, orders_to_redact: list(numericId) });

export function parseCustomersDataRequest(raw: unknown): CustomersDataRequest {
  const p = parsePayload(dataRequestSchema, raw, "data_request");
  return { shopDomain: p.shop_domain, customerId: p.customer.id, email: p.customer.email, ordersRequested: p.orders_requested };
}

export function parseCustomersRedact(raw: unknown): CustomersRedact {
  const p = parsePayload(redactSchema, raw, "redact");
  return {
    shopDomain: p.shop_domain,
    customerId: p.customer.id,
    email: p.customer.email,
    ordersRequested: p.orders_to_redact,
    ordersToRedact: p.orders_to_redact,
  };
}

export function parseShopRedact(raw: unknown): { shopDomain: string } {
  const p = parsePayload(z.object({ shop_domain: shopDomain }), raw, "shop_redact");
  return { shopDomain: p.shop_domain };
}

/**
 * app/uninstalled carries the shop resource; its domain fields may be null (they are in
 * Shopify's example), so the caller falls back on the X-Shopify-Shop-Domain header.
 */
export function parseAppUninstalled(raw: unknown): { shopDomain: string | null; shopId: string | null } {
  const p = parsePayload(z.object({ id: numericId.nullish(), myshopify_domain: optText, domain: optText }), raw, "shop");
  return { shopDomain: p.myshopify_domain ?? p.domain, shopId: p.id ?? null };
}
