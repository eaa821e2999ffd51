// The mandatory compliance topics and app/uninstalled.
import { arr, idValue, obj, optString } from "./fields";
import { PayloadError } from "./errors";

function shopDomain(value: unknown): string {
  const domain = optString(value);
  if (!domain) throw new PayloadError("shop_domain is required");
  return domain;
}

export function parseCustomersDataRequest(raw: unknown) {
  const p = obj(raw, "data_request");
  const customer = obj(p.customer, "customer");
  return {
    shopDomain: shopDomain(p.shop_domain),
    customerId: idValue(customer.id, "customer.id"),
    email: optString(customer.email),
    ordersRequested: arr(p.orders_requested, "orders_requested").map((o, i) => idValue(o, `orders_requested[${i}]`)),
  };
}

export function parseCustomersRedact(raw: unknown) {
  const p = obj(raw, "redact");
  const customer = obj(p.customer, "customer");
  return {
    shopDomain: shopDomain(p.shop_domain),
    customerId: idValue(customer.id, "customer.id"),
    email: optString(customer.email),
    ordersToRedact: arr(p.orders_to_redact, "orders_to_redact").map((o, i) => idValue(o, `orders_to_redact[${i}]`)),
  };
}

export function parseShopRedact(raw: unknown) {
  const p = obj(raw, "shop_redact");
  return { shopDomain: shopDomain(p.shop_domain) };
}

export function parseAppUninstalled(raw: unknown) {
  const p = obj(raw, "shop");
  return { shopDomain: optString(p.myshopify_domain) ?? optString(p.domain) };
}
