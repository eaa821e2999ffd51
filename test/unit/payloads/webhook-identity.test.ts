// Each of Shopify's documented webhook bodies is accepted under its own topic and shop, and
// refused under any other topic it could be replayed as (the headers are not signed).
import { describe, expect, it } from "vitest";
import { parseJsonWithExactIds } from "../../../app/shopify/payloads/exact-json";
import { webhookIdentityProblem } from "../../../app/shopify/payloads/identity";
import { isShopDomain } from "../../../app/shopify/shop-domain";
import { shopifyExample, shopifyJson } from "../../support/shopify-examples";

const SHOP = "bath-house.myshopify.com";

/** Shopify's example for `topic`, as that shop would receive it (exact-id parsed, like intake). */
function body(topic: string): unknown {
  const example = shopifyExample(topic);
  if ("shop_domain" in example) example.shop_domain = SHOP;
  if (topic === "app/uninstalled") example.myshopify_domain = SHOP;
  // One generic order serves every orders/* example; only a cancelled order is cancelled.
  if (topic.startsWith("orders/") && topic !== "orders/cancelled") example.cancelled_at = null;
  return parseJsonWithExactIds(shopifyJson(example));
}

const TOPICS = [
  "orders/create",
  "orders/paid",
  "orders/fulfilled",
  "orders/cancelled",
  "refunds/create",
  "customers/create",
  "customers/update",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
  "app/uninstalled",
];

// Bodies that are the same resource: a paid order's body is a fulfilled order's, a cancelled
// order is still an order, a created customer's body is an updated customer's.
const sameShape = (from: string, to: string) =>
  from === to ||
  (from.startsWith("orders/") && to.startsWith("orders/") && to !== "orders/cancelled") ||
  (from.startsWith("customers/") && to.startsWith("customers/") && [from, to].every((t) => t === "customers/create" || t === "customers/update"));

describe("webhook body and headers agree", () => {
  it.each(TOPICS)("Shopify's %s example is accepted under its own topic and shop", (topic) => {
    expect(webhookIdentityProblem(topic, SHOP, body(topic))).toBeNull();
  });

  it.each(TOPICS)("Shopify's %s example is refused under every topic of another shape", (from) => {
    for (const to of TOPICS.filter((t) => !sameShape(from, t))) {
      expect(webhookIdentityProblem(to, SHOP, body(from)), `${from} body sent as ${to}`).toMatch(/does not match X-Shopify-Topic/);
    }
  });

  it("compliance and uninstall bodies naming another shop are refused", () => {
    for (const topic of ["customers/data_request", "customers/redact", "shop/redact", "app/uninstalled"]) {
      expect(webhookIdentityProblem(topic, "other.myshopify.com", body(topic)), topic).toMatch(/is not the X-Shopify-Shop-Domain other.myshopify.com/);
    }
  });

  it("only *.myshopify.com shop domains are accepted", () => {
    for (const domain of ["", "evil.com", "bath-house.myshopify.com.evil.com", "BATH.myshopify.com", "a_b.myshopify.com", `${"a".repeat(3000)}.myshopify.com`]) {
      expect(isShopDomain(domain), domain).toBe(false);
      expect(webhookIdentityProblem("orders/paid", domain, body("orders/paid"))).toMatch(/not a \*\.myshopify\.com shop domain/);
    }
    expect(isShopDomain("bath-house-2.myshopify.com")).toBe(true);
  });

  it("a topic the app does not subscribe to is refused", () => {
    expect(webhookIdentityProblem("products/delete", SHOP, { id: 1 })).toMatch(/not a topic this app subscribes to/);
  });
});
